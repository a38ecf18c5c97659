package org.blurevolve.fitness;

/** Which query score is the fitness (docs/model.md §8); all three are always reported. */
public enum FitnessMetric {
    /** Fraction of query samples classified correctly (the paper's evolutionary objective). */
    ACCURACY,
    /** Minus the softmax cross-entropy of a^L[:,:,0] against the label (logistic loss for one output). */
    NEG_CROSS_ENTROPY,
    /** Minus the mean of (a^L[:,:,0] − t)² (the reference code's loss). */
    NEG_L2
}
