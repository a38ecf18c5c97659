package org.blurevolve.gradient;

import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;

/**
 * One meta-gradient (docs/model.md §10): the query scores of the unroll it differentiates (the same
 * numbers a fitness evaluation reports), the meta-loss, and dℓ/d(gene) for every gene of the
 * genome's flat vector, and how much the unroll's synapses grew. A diverged, failed or timed-out
 * unroll has no gradient (empty array) and NaN loss and growth. Immutable; the array is copied in and out.
 *
 * @param scores        query scores and status of the unroll
 * @param loss          the meta-loss (the synapse penalty included, when one is set)
 * @param synapseGrowth ln(P_T / P_1), the growth of the stored synapses' summed mean squares from the
 *                      first learning step to the last (docs/model.md §10), recorded whether or not a
 *                      penalty weighs it; NaN when T = 1 or when it is not finite
 * @param gradient      one entry per gene, or empty when not OK
 */
public record GradientResult(FitnessResult scores, double loss, double synapseGrowth, double[] gradient)
        implements java.io.Serializable {

    public GradientResult {
        if (scores == null) {
            throw new IllegalArgumentException("scores must be set");
        }
        gradient = gradient.clone();
        if (scores.status() == EvaluationStatus.OK && gradient.length == 0) {
            throw new IllegalArgumentException("an OK result needs a gradient");
        }
    }

    /** A result without a gradient. */
    public static GradientResult failed(EvaluationStatus status) {
        return new GradientResult(FitnessResult.failed(status), Double.NaN, Double.NaN, new double[0]);
    }

    public EvaluationStatus status() {
        return scores.status();
    }

    public boolean ok() {
        return scores.status() == EvaluationStatus.OK;
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    /** The L2 norm of the gradient (NaN without one). */
    public double norm() {
        if (!ok()) {
            return Double.NaN;
        }
        double s = 0;
        for (double g : gradient) {
            s += g * g;
        }
        return Math.sqrt(s);
    }
}
