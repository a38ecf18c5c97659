package org.blurevolve.fitness;

/**
 * The query scores of one genome on one task, averaged over replicas. Scores are NaN when the
 * status is not OK, and {@link #fitness} is then −∞.
 *
 * @param status          how the evaluation ended
 * @param accuracy        mean query accuracy
 * @param negCrossEntropy mean −CE per query sample
 * @param negL2           mean −(y − t)² per query output
 */
public record FitnessResult(EvaluationStatus status, double accuracy, double negCrossEntropy, double negL2) {

    /** A result for an evaluation that did not finish normally. */
    public static FitnessResult failed(EvaluationStatus status) {
        return new FitnessResult(status, Double.NaN, Double.NaN, Double.NaN);
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
