package org.blurevolve.gradient;

import org.blurevolve.fitness.EvaluationStatus;

/**
 * One meta-gradient: the meta-loss, the query accuracy beside it, and dℓ/d(gene) for every gene of
 * the genome's flat vector (docs/model.md §9). A diverged or timed-out unroll has no gradient
 * (empty array) and NaN loss. Immutable; the array is copied in and out.
 *
 * @param status   OK, or why there is no gradient
 * @param loss     the meta-loss
 * @param accuracy query accuracy of the same unroll
 * @param gradient one entry per gene, or empty when not OK
 */
public record GradientResult(EvaluationStatus status, double loss, double accuracy, double[] gradient)
        implements java.io.Serializable {

    public GradientResult {
        if (status == null) {
            throw new IllegalArgumentException("status must be set");
        }
        gradient = gradient.clone();
        if (status == EvaluationStatus.OK && gradient.length == 0) {
            throw new IllegalArgumentException("an OK result needs a gradient");
        }
    }

    /** A result without a gradient. */
    public static GradientResult failed(EvaluationStatus status) {
        return new GradientResult(status, Double.NaN, Double.NaN, new double[0]);
    }

    public boolean ok() {
        return status == EvaluationStatus.OK;
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    /** The L2 norm of the gradient. */
    public double norm() {
        double s = 0;
        for (double g : gradient) {
            s += g * g;
        }
        return Math.sqrt(s);
    }
}
