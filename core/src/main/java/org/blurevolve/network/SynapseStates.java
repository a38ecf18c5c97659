package org.blurevolve.network;

/** Whether the K synapse channels are independent (docs/model.md §3 step 6, §4). */
public enum SynapseStates {
    /** Every channel has its own values and update. */
    MULTI_STATE,
    /** Every channel equals channel 0, at init and after every update (the backprop genome). */
    SINGLE_STATE
}
