package org.blurevolve.genome;

/**
 * Genome scalars that exist only when their feature is enabled (docs/model.md §2). They follow the last
 * rule block in the declaration order of this enum.
 */
public enum OptionalScalar {
    /** m_oja, the Oja-term multiplier (docs/model.md §5). */
    OJA(1.0),
    /** s_sat, the saturation strength of the saturating synapse update. */
    SATURATION(1.0),
    /** ρ, the target scale of synapse normalisation. */
    RESCALE(1.0),
    /** γ, the activation-normalisation gain. */
    NORM_GAIN(1.0),
    /** β, the activation-normalisation shift. */
    NORM_SHIFT(0.0);

    private final double initialValue;

    OptionalScalar(double initialValue) {
        this.initialValue = initialValue;
    }

    /** The value a freshly initialised genome gets for this scalar. */
    public double initialValue() {
        return initialValue;
    }
}
