package org.blurevolve.driver.evolution;

import java.util.ArrayList;
import java.util.List;
import org.blurevolve.driver.scoring.GenerationScorer;
import org.blurevolve.driver.scoring.GenomeScore;
import org.blurevolve.driver.scoring.GradientScore;
import org.blurevolve.gradient.GradientResult;
import org.blurevolve.gradient.MetaGradientSettings;
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;

/**
 * How a strategy scores: its genomes go to the run's scorer on the meta-train tasks with the
 * generation's seeds, and come back as a {@link Generation}. Not thread-safe.
 */
public final class Scoring {
    private final GenerationScorer scorer;
    private final FitnessMetric metric;

    public Scoring(GenerationScorer scorer, FitnessMetric metric) {
        this.scorer = scorer;
        this.metric = metric;
    }

    /** Scores {@code genomes} (born in {@code born[i]}) as generation {@code index}. */
    public Generation generation(long index, List<Genome> genomes, long[] born) {
        long start = System.nanoTime();
        List<GenomeScore> scores = scorer.score(genomes, TaskSet.META_TRAIN, index);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<ScoredGenome> members = new ArrayList<>();
        for (int i = 0; i < genomes.size(); i++) {
            members.add(ScoredGenome.of(genomes.get(i), scores.get(i), metric, born[i]));
        }
        return new Generation(index, members, seconds, scorer.takeFaults());
    }

    /** A meta-gradient step's outcome: its one-member generation and the gradient over the meta-batch. */
    public record GradientStep(Generation generation, GradientResult gradient) {
    }

    /**
     * The meta-gradient of {@code genome} as generation {@code index} (meta-gradient step 0 of it):
     * a one-member generation scored by the unrolls the gradient came from.
     */
    public GradientStep gradientStep(long index, Genome genome, MetaGradientSettings settings) {
        long start = System.nanoTime();
        GradientScore score = scorer.gradient(genome, index, 0, settings);
        double seconds = (System.nanoTime() - start) / 1e9;
        ScoredGenome member = ScoredGenome.of(genome, score.genomeScore(), metric, index);
        return new GradientStep(new Generation(index, List.of(member), seconds, scorer.takeFaults()), score.mean());
    }

    /** Meta-gradient step {@code step} of a refinement after generation {@code index}. */
    public GradientScore refine(long index, int step, Genome genome, MetaGradientSettings settings) {
        return scorer.gradient(genome, index, step, settings);
    }

    public FitnessMetric metric() {
        return metric;
    }
}
