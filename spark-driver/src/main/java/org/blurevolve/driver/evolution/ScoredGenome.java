package org.blurevolve.driver.evolution;

import org.blurevolve.driver.scoring.GenomeScore;
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.genome.Genome;

/**
 * A genome with its scores in one generation: the per-task results, the fitness they give under the
 * run's metric, and the generation the genome was born in. Immutable.
 */
public record ScoredGenome(Genome genome, GenomeScore score, double fitness, long born) {

    /** Scores a genome under {@code metric}. */
    public static ScoredGenome of(Genome genome, GenomeScore score, FitnessMetric metric, long born) {
        return new ScoredGenome(genome, score, score.fitness(metric), born);
    }
}
