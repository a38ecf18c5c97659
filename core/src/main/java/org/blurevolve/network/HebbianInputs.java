package org.blurevolve.network;

/** Which states feed the Hebbian update on the row (pre) side (docs/model.md §7). */
public enum HebbianInputs {
    /** Both sides use the states after the backward pass (the default). */
    POST_BACKWARD,
    /** The pre side uses the states as they were after the forward pass. */
    PRE_FROM_FORWARD
}
