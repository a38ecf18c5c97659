package org.blurevolve.network;

/** Synapse normalisation over the source axis (docs/model.md §5), optionally times ρ. */
public enum SynapseNormalization {
    OFF,
    /** Normalise the stored F and G at step 2 of every step. */
    STORED,
    /** Normalise only the copies that steps 3 and 5 read; stored values are unchanged. */
    IN_ACTIVATIONS
}
