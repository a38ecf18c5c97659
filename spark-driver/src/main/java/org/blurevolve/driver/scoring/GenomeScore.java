package org.blurevolve.driver.scoring;

import java.util.List;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.fitness.FitnessResult;

/**
 * One genome's results on every task of a task set in one generation. Its fitness is the mean over
 * tasks of the selected metric (docs/model.md §8), or −∞ when any task did not end OK. Immutable.
 */
public record GenomeScore(List<FitnessResult> perTask) {
    public GenomeScore {
        perTask = List.copyOf(perTask);
        if (perTask.isEmpty()) {
            throw new IllegalArgumentException("a genome score needs at least one task result");
        }
    }

    public double fitness(FitnessMetric metric) {
        double sum = 0;
        for (FitnessResult r : perTask) {
            double f = r.fitness(metric);
            if (f == Double.NEGATIVE_INFINITY) {
                return f;
            }
            sum += f;
        }
        return sum / perTask.size();
    }

    /** The fitness on each task (−∞ where a task did not end OK). */
    public double[] fitnessPerTask(FitnessMetric metric) {
        return perTask.stream().mapToDouble(r -> r.fitness(metric)).toArray();
    }

    /**
     * The learning steps completed on every task, summed (docs/model.md §8): how far a genome that
     * diverged got before it did. Each task counts its last horizon when it ended OK.
     */
    public long steps() {
        return perTask.stream().mapToLong(FitnessResult::steps).sum();
    }

    /** The first non-OK status, or OK. */
    public EvaluationStatus status() {
        return perTask.stream().map(FitnessResult::status).filter(s -> s != EvaluationStatus.OK)
                .findFirst().orElse(EvaluationStatus.OK);
    }
}
