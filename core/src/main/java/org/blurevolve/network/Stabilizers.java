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
 * @param activationStatistics    where the normalisation's mean and variance come from on forward-only steps
 * @param normalizeOutput         whether the output layer is normalised too (else only hidden layers)
 */
public record Stabilizers(boolean oja, boolean saturation, double saturationEpsilon,
                          SynapseNormalization normalization, boolean rescale, boolean activationNormalization,
                          ActivationStatistics activationStatistics, boolean normalizeOutput)
        implements java.io.Serializable {

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
        if (activationStatistics == null) {
            throw new IllegalArgumentException("activation statistics must be set (BATCH or SUPPORT)");
        }
        if (!activationNormalization && (activationStatistics != ActivationStatistics.BATCH || !normalizeOutput)) {
            throw new IllegalArgumentException("activation statistics " + activationStatistics + " and normalize output "
                    + normalizeOutput + " need activation normalisation on");
        }
    }

    /** Every stabiliser off. */
    public static Stabilizers none() {
        return new Stabilizers(false, false, 0.0, SynapseNormalization.OFF, false, false,
                ActivationStatistics.BATCH, true);
    }

    public Stabilizers withOja(boolean on) {
        return new Stabilizers(on, saturation, saturationEpsilon, normalization, rescale, activationNormalization,
                activationStatistics, normalizeOutput);
    }

    public Stabilizers withSaturation(boolean on, double epsilon) {
        return new Stabilizers(oja, on, epsilon, normalization, rescale, activationNormalization,
                activationStatistics, normalizeOutput);
    }

    public Stabilizers withNormalization(SynapseNormalization mode, boolean withRescale) {
        return new Stabilizers(oja, saturation, saturationEpsilon, mode, withRescale, activationNormalization,
                activationStatistics, normalizeOutput);
    }

    /** Activation normalisation on or off; turning it off also restores BATCH statistics and the output switch. */
    public Stabilizers withActivationNormalization(boolean on) {
        return new Stabilizers(oja, saturation, saturationEpsilon, normalization, rescale, on,
                on ? activationStatistics : ActivationStatistics.BATCH, on ? normalizeOutput : true);
    }

    /** Activation normalisation on, with the given statistics mode and output switch. */
    public Stabilizers withActivationNormalization(ActivationStatistics statistics, boolean output) {
        return new Stabilizers(oja, saturation, saturationEpsilon, normalization, rescale, true, statistics, output);
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
