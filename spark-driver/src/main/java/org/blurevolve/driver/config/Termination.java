package org.blurevolve.driver.config;

/**
 * When a run stops (conf section {@code termination}); a limit of 0 (or a NaN target) is off and
 * the first limit reached wins.
 */
public record Termination(int generations, long maxEvaluations, double wallClockSeconds, double targetFitness,
                          int stagnationGenerations) {

    /** Whether the run should stop after {@code generation} with these counters. */
    public String reason(long generation, long evaluations, double seconds, double best, int generationsWithoutGain) {
        if (generations > 0 && generation >= generations) {
            return "reached " + generations + " generations";
        }
        if (maxEvaluations > 0 && evaluations >= maxEvaluations) {
            return "reached " + maxEvaluations + " evaluations";
        }
        if (wallClockSeconds > 0 && seconds >= wallClockSeconds) {
            return "reached the wall-clock limit of " + wallClockSeconds + " s";
        }
        if (!Double.isNaN(targetFitness) && best >= targetFitness) {
            return "reached the target fitness " + targetFitness;
        }
        if (stagnationGenerations > 0 && generationsWithoutGain >= stagnationGenerations) {
            return "no improvement for " + stagnationGenerations + " generations";
        }
        return null;
    }
}
