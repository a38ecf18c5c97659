package org.blurevolve.driver.config;

import java.util.Optional;

/**
 * When a run stops (conf section {@code termination}); a limit of 0 (or a NaN target) is off, at
 * least one must be on, and the first limit reached wins.
 */
public record Termination(int generations, long maxEvaluations, double wallClockSeconds, double targetFitness,
                          int stagnationGenerations) {
    public Termination {
        if (generations < 0 || maxEvaluations < 0 || !(wallClockSeconds >= 0) || stagnationGenerations < 0) {
            throw new IllegalArgumentException("termination limits must be >= 0 (0 = off)");
        }
        if (generations == 0 && maxEvaluations == 0 && wallClockSeconds == 0 && Double.isNaN(targetFitness)
                && stagnationGenerations == 0) {
            throw new IllegalArgumentException("every limit is off; set at least one, e.g. termination.generations = 20");
        }
    }

    /** Why the run stops after {@code generation} with these counters, or empty to go on. */
    public Optional<String> reason(long generation, long evaluations, double seconds, double best,
                                   int generationsWithoutGain) {
        if (generations > 0 && generation >= generations) {
            return Optional.of("reached " + generations + " generations");
        }
        if (maxEvaluations > 0 && evaluations >= maxEvaluations) {
            return Optional.of("reached " + maxEvaluations + " evaluations");
        }
        if (wallClockSeconds > 0 && seconds >= wallClockSeconds) {
            return Optional.of("reached the wall-clock limit of " + wallClockSeconds + " s");
        }
        if (!Double.isNaN(targetFitness) && best >= targetFitness) {
            return Optional.of("reached the target fitness " + targetFitness);
        }
        if (stagnationGenerations > 0 && generationsWithoutGain >= stagnationGenerations) {
            return Optional.of("no improvement for " + stagnationGenerations + " generations");
        }
        return Optional.empty();
    }

    /** A copy with another generation limit (resume --generations). */
    public Termination withGenerations(int limit) {
        return new Termination(limit, maxEvaluations, wallClockSeconds, targetFitness, stagnationGenerations);
    }
}
