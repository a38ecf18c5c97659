package org.blurevolve.network;

import java.util.EnumSet;
import java.util.Set;
import org.blurevolve.genome.OptionalScalar;

/**
 * The optional stabilisers of docs/model.md §5, all off by default. Each enabled stabiliser that has a
 * genome scalar requires that scalar in the genome layout ({@link #requiredScalars()}).
 *
 * @param oja                     add the Oja term O to the Hebbian update (scalar m_oja)
 * @param saturation              use the saturating update (scalar s_sat)
 * @param saturationEpsilon       ε of the saturating update
 * @param normalization           synapse normalisation variant
 * @param rescale                 multiply normalised synapses by ρ (scalar ρ); needs normalisation
 * @param activationNormalization batch-normalise pre-activations (scalars γ, β)
 */
public record Stabilizers(boolean oja, boolean saturation, double saturationEpsilon,
                          SynapseNormalization normalization, boolean rescale, boolean activationNormalization) implements java.io.Serializable {

    public Stabilizers {
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must be set (OFF, STORED or IN_ACTIVATIONS)");
        }
        if (!(saturationEpsilon >= 0) || !Double.isFinite(saturationEpsilon)) {
            throw new IllegalArgumentException("saturation epsilon = " + saturationEpsilon + ", must be finite and >= 0");
        }
        if (rescale && normalization == SynapseNormalization.OFF) {
            throw new IllegalArgumentException("rescale needs synapse normalisation (STORED or IN_ACTIVATIONS)");
        }
    }

    /** Every stabiliser off. */
    public static Stabilizers none() {
        return new Stabilizers(false, false, 0.0, SynapseNormalization.OFF, false, false);
    }

    public Stabilizers withOja(boolean on) {
        return new Stabilizers(on, saturation, saturationEpsilon, normalization, rescale, activationNormalization);
    }

    public Stabilizers withSaturation(boolean on, double epsilon) {
        return new Stabilizers(oja, on, epsilon, normalization, rescale, activationNormalization);
    }

    public Stabilizers withNormalization(SynapseNormalization mode, boolean withRescale) {
        return new Stabilizers(oja, saturation, saturationEpsilon, mode, withRescale, activationNormalization);
    }

    public Stabilizers withActivationNormalization(boolean on) {
        return new Stabilizers(oja, saturation, saturationEpsilon, normalization, rescale, on);
    }

    /** The genome scalars these stabilisers read. */
    public Set<OptionalScalar> requiredScalars() {
        EnumSet<OptionalScalar> s = EnumSet.noneOf(OptionalScalar.class);
        if (oja) {
            s.add(OptionalScalar.OJA);
        }
        if (saturation) {
            s.add(OptionalScalar.SATURATION);
        }
        if (rescale) {
            s.add(OptionalScalar.RESCALE);
        }
        if (activationNormalization) {
            s.add(OptionalScalar.NORM_GAIN);
            s.add(OptionalScalar.NORM_SHIFT);
        }
        return s;
    }
}
