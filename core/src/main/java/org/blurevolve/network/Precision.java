package org.blurevolve.network;

/**
 * Floating-point precision of a network's states and synapses, and of the elementwise work between
 * their stores (docs/model.md §4 and §8).
 */
public enum Precision {
    /**
     * float32 stores and matrix products; normalisation and σ in double between stores, rounded once
     * per store: the path used for evolution.
     */
    FLOAT,
    /** float64: used by the equivalence tests. */
    DOUBLE,
    /**
     * float32 as {@link #FLOAT}, with the fused sweep's normalisation and tanh-family, ReLU and identity
     * activations computed in float32 too: faster, rounds differently from FLOAT (docs/performance.md).
     * Still in double, rounded back, as in FLOAT: the multiplicative backward modes' activation, the
     * synapse activation σ_syn, sigmoid-based functions; the baselines run it as FLOAT.
     */
    FLOAT_ELEMENTWISE;

    /** Whether states and synapses are stored, and multiplied, in float32. */
    public boolean floatStorage() {
        return this != DOUBLE;
    }
}
