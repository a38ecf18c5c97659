package org.blurevolve.fitness;

/**
 * The query scores of one genome on one task, averaged over replicas. Scores are NaN when the
 * status is not OK, and {@link #fitness} is then −∞.
 *
 * @param status          how the evaluation ended
 * @param accuracy        mean query accuracy
 * @param negCrossEntropy mean −CE per query sample
 * @param negL2           mean −(y − t)² per query output
 * @param steps           learning steps completed before the first failure (docs/model.md §8): the
 *                        last horizon when OK (⌈P·T⌉ under a synapse-limit projection P); for DIVERGED the fewest, over the replicas that ran,
 *                        that ended finite and within the synapse limit (all of a horizon's steps when
 *                        only its query predictions were not finite; for a projected runaway the
 *                        step its growth would pass the limit, beyond the unroll); for TIMEOUT the steps done when
 *                        time ran out; 0 when not counted (a crash, a meta-gradient unroll that did not
 *                        end OK)
 */
public record FitnessResult(EvaluationStatus status, double accuracy, double negCrossEntropy, double negL2,
                            int steps) {

    public FitnessResult {
        if (status == null || steps < 0) {
            throw new IllegalArgumentException("a fitness result needs a status and steps >= 0, got " + status
                    + ", " + steps);
        }
    }

    /** A result for an evaluation that did not finish normally, after {@code steps} learning steps. */
    public static FitnessResult failed(EvaluationStatus status, int steps) {
        return new FitnessResult(status, Double.NaN, Double.NaN, Double.NaN, steps);
    }

    /** A result for an evaluation that did not finish normally, with no steps counted. */
    public static FitnessResult failed(EvaluationStatus status) {
        return failed(status, 0);
    }

    /** The score selected by {@code metric}, or −∞ when the evaluation did not end OK. */
    public double fitness(FitnessMetric metric) {
        if (status != EvaluationStatus.OK) {
            return Double.NEGATIVE_INFINITY;
        }
        return switch (metric) {
            case ACCURACY -> accuracy;
            case NEG_CROSS_ENTROPY -> negCrossEntropy;
            case NEG_L2 -> negL2;
        };
    }
}
