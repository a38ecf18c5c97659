package org.blurevolve.driver.evolution;

import java.util.List;
import org.blurevolve.driver.scoring.Faults;
import org.blurevolve.driver.scoring.GenomeScore;
import org.blurevolve.fitness.EvaluationStatus;

/**
 * One scored generation: every member in strategy order, all scored on this generation's seeds
 * (common random numbers), how long the scorer took and the cluster faults it met. Immutable.
 *
 * @param index      the generation number, 0 for the initial population
 * @param members    the scored genomes
 * @param jobSeconds wall-clock seconds of the scoring call
 * @param faults     lost executors and failed task attempts since the previous scoring
 */
public record Generation(long index, List<ScoredGenome> members, double jobSeconds, Faults faults) {
    public Generation {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("generation " + index + " has no members");
        }
    }

    /** The first member with the highest fitness. */
    public ScoredGenome best() {
        ScoredGenome best = members.get(0);
        for (ScoredGenome m : members) {
            best = m.fitness() > best.fitness() ? m : best;
        }
        return best;
    }

    /** Fitness of every member, in order. */
    public double[] fitness() {
        return members.stream().mapToDouble(ScoredGenome::fitness).toArray();
    }

    /** Learning steps every member completed on all tasks ({@link GenomeScore#steps}), in order. */
    public double[] steps() {
        return members.stream().mapToDouble(m -> m.score().steps()).toArray();
    }

    /** Members whose evaluation diverged. */
    public int diverged() {
        return (int) members.stream().filter(m -> m.score().status() == EvaluationStatus.DIVERGED).count();
    }

    /** Members whose evaluation failed or ran out of time. */
    public int failed() {
        return (int) members.stream().filter(m -> m.score().status() != EvaluationStatus.OK
                && m.score().status() != EvaluationStatus.DIVERGED).count();
    }
}
