package org.blurevolve.network;

/** How the backward message v enters a neuron's states (docs/model.md §3 step 5). */
public enum BackwardMode {
    /** a ← σ_bwd(f·a + η·v), the default. */
    ADDITIVE,
    /** a ← σ_bwd(f·a ⊙ v). */
    MULTIPLICATIVE,
    /** state 0 ← σ_bwd(f·a₀); states c ≥ 1 ← σ_bwd(f·a_c·v_c). Used by the backprop genome. */
    MULT_SECOND_STATE
}
