package org.blurevolve.network;

/** The scale s of the U(−1,1)·s synapse initialisation (docs/model.md §4). */
public enum InitScale {
    /** s = 1, the reference default. */
    UNIT,
    /** s = 1/√(n_l + 1 + n_{l+1}), the reference's scale-by-channels. */
    BY_CHANNELS;

    /** The scale for synapse layer l with {@code nIn} inputs and {@code nOut} outputs. */
    public double scale(int nIn, int nOut) {
        return this == UNIT ? 1.0 : 1.0 / Math.sqrt(nIn + 1.0 + nOut);
    }
}
