package org.blurevolve.network;

/** Floating-point precision of a network's states and synapses. */
public enum Precision {
    /** float32: the fast path used for evolution. */
    FLOAT,
    /** float64: used by the equivalence tests. */
    DOUBLE
}
