package org.blurevolve.baseline;

/**
 * Batch normalisation of the baseline MLP's hidden pre-activations (per neuron, learned γ and β,
 * ε = 1e-5, biased variance), with the statistics modes of the BLUR network's activation
 * normalisation (docs/model.md §5): training steps always use their batch's statistics.
 */
public enum BatchNorm {
    /** No normalisation layer. */
    NONE,
    /** Query batches are normalised with their own statistics too (transductive). */
    BATCH,
    /** Query batches use the exact average of the training steps' batch statistics (inductive). */
    SUPPORT;

    /** A short label for tables: empty, {@code +bn(batch)} or {@code +bn(support)}. */
    public String label() {
        return this == NONE ? "" : "+bn(" + name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
