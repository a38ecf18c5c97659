package org.blurevolve.network;

/** Whether backward synapses mirror the forward ones (docs/model.md §3 step 6, §4). */
public enum SynapseSymmetry {
    /** G := F[0:n]ᵀ at init and ΔG := ΔF[0:n]ᵀ on every update (the paper's main variant). */
    SYMMETRIC,
    /** G has its own init and its own Hebbian update (the reference code's default). */
    ASYMMETRIC
}
