package org.blurevolve.driver.run;

import org.blurevolve.driver.evolution.Generation;
import org.blurevolve.driver.output.GenerationRecord;

/**
 * The counters of a run after a finished generation: what termination looks at and a checkpoint
 * saves besides the population. Immutable.
 *
 * @param generation     the last finished generation
 * @param evaluations    genomes scored so far (meta-tests not counted)
 * @param bestSoFar      best generation-best fitness seen (−∞ before any finite score)
 * @param sinceGain      generations since {@code bestSoFar} last improved
 * @param elapsedSeconds wall-clock seconds of the run so far, across resumes
 */
public record RunState(long generation, long evaluations, double bestSoFar, int sinceGain, double elapsedSeconds) {

    /** The state after the first generation. */
    static RunState first(Generation g, double elapsedSeconds) {
        return new RunState(g.index(), g.members().size(), best(g), 0, elapsedSeconds);
    }

    /** The state after the next generation {@code g}. */
    RunState after(Generation g, double elapsed) {
        double best = best(g);
        return new RunState(g.index(), evaluations + g.members().size(), Math.max(bestSoFar, best),
                best > bestSoFar ? 0 : sinceGain + 1, elapsed);
    }

    private static double best(Generation g) {
        double best = GenerationRecord.stats(g.fitness())[0];
        return Double.isNaN(best) ? Double.NEGATIVE_INFINITY : best;
    }
}
