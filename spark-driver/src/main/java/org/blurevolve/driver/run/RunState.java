package org.blurevolve.driver.run;

import org.blurevolve.driver.evolution.Generation;
import org.blurevolve.driver.output.GenerationRecord;

/**
 * The counters of a run after a finished generation: what termination looks at and a checkpoint
 * saves besides the population. Immutable.
 *
 * @param generation     the last finished generation
 * @param evaluations    genomes scored so far (meta-tests not counted)
 * @param bestSoFar      best generation-best fitness seen since the objective last changed (a horizon
 *                       curriculum changes it; −∞ before any finite score)
 * @param sinceGain      generations since {@code bestSoFar} last improved (or the objective changed)
 * @param elapsedSeconds wall-clock seconds of the run so far, across resumes
 */
public record RunState(long generation, long evaluations, double bestSoFar, int sinceGain, double elapsedSeconds) {

    /** The state after the first generation. */
    static RunState first(Generation g, double elapsedSeconds) {
        return new RunState(g.index(), g.members().size(), best(g), 0, elapsedSeconds);
    }

    /**
     * The state after the next generation {@code g}; when {@code sameObjective} is false (its fitness
     * measures something else than the previous generation's, e.g. longer horizons) the best so far
     * starts again from g's, so earlier scores neither reach a target nor count towards stagnation.
     */
    RunState after(Generation g, double elapsed, boolean sameObjective) {
        double best = best(g);
        if (!sameObjective) {
            return new RunState(g.index(), evaluations + g.members().size(), best, 0, elapsed);
        }
        return new RunState(g.index(), evaluations + g.members().size(), Math.max(bestSoFar, best),
                best > bestSoFar ? 0 : sinceGain + 1, elapsed);
    }

    private static double best(Generation g) {
        double best = GenerationRecord.stats(g.fitness())[0];
        return Double.isNaN(best) ? Double.NEGATIVE_INFINITY : best;
    }
}
