package org.blurevolve.driver.evolution;

import java.util.List;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.fitness.FitnessResult;

/**
 * One genome's results on every meta-train task of a generation. Its fitness is the mean over
 * tasks of the selected metric (BLUR.md §8), or −∞ when any task did not end OK.
 */
public record GenomeScore(List<FitnessResult> perTask) {
    public GenomeScore {
        perTask = List.copyOf(perTask);
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

    /** The first non-OK status, or OK. */
    public EvaluationStatus status() {
        return perTask.stream().map(FitnessResult::status).filter(s -> s != EvaluationStatus.OK)
                .findFirst().orElse(EvaluationStatus.OK);
    }
}
