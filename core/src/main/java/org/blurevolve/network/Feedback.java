package org.blurevolve.network;

/** How the target enters the output layer before the backward pass (docs/model.md §3 step 4, §6). */
public enum Feedback {
    /** State 1 := t, states ≥ 2 := 0 (the paper's setting). */
    TARGET,
    /** State 1 := y − t with y = state 0, states ≥ 2 := 0 (for the backprop equivalence). */
    ERROR
}
