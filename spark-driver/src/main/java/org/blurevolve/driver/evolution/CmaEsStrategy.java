package org.blurevolve.driver.evolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.blurevolve.driver.config.StrategySettings;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.task.RunSeeds;
import org.blurevolve.task.SeedStream;

/**
 * CMA-ES as an outer strategy: generation g samples λ genomes from stream CMA_SAMPLING (g), scores
 * them clipped to the gene bounds, and updates the distribution with the unclipped samples, ranked by
 * fitness and, with {@code rank-diverged = steps}, those of equal fitness by the learning steps they
 * completed. The initial mean is the first initial genome, else a random genome (stream
 * INITIAL_GENOME, 0).
 */
public final class CmaEsStrategy implements OuterStrategy {
    private final GenomeCodec codec;
    private final GenomeLayout layout;
    private final RunSeeds seeds;
    private final CmaEs cma;
    private final StrategySettings.RankDiverged rankDiverged;

    CmaEsStrategy(StrategySettings.CmaEs settings, GenomeCodec codec, GenomeLayout layout, RunSeeds seeds,
                  List<Genome> initial) {
        this.codec = codec;
        this.layout = layout;
        this.seeds = seeds;
        double[] mean = initial.isEmpty() ? Genome.random(layout, seeds.of(SeedStream.INITIAL_GENOME, 0)).genes()
                : initial.get(0).genes();
        this.cma = new CmaEs(mean, settings.sigma(), settings.population(), settings.diagonal(mean.length));
        this.rankDiverged = settings.rankDiverged();
    }

    @Override
    public Generation advance(long index, Scoring scoring) {
        double[][] raw = cma.ask(new SplittableRandom(seeds.of(SeedStream.CMA_SAMPLING, index)));
        List<Genome> genomes = new ArrayList<>();
        for (double[] x : raw) {
            genomes.add(codec.clip(new Genome(layout, x)));
        }
        long[] born = new long[raw.length];
        Arrays.fill(born, index);
        Generation generation = scoring.generation(index, genomes, born);
        cma.tell(raw, generation.fitness(), rankDiverged == StrategySettings.RankDiverged.STEPS
                ? generation.steps() : new double[raw.length]);
        return generation;
    }

    /** The distribution's mean. */
    double[] mean() {
        return cma.mean();
    }

    /** Moves the distribution's mean to {@code x}; step size, paths and covariance stay. */
    void moveMean(double[] x) {
        cma.moveMean(x);
    }

    @Override
    public Map<String, Object> snapshot() {
        return cma.state();
    }

    @Override
    public void restore(Generation last, Map<String, Object> state) {
        cma.restore(state);
    }

    @Override
    public String describe() {
        return "CMA-ES";
    }

    @Override
    public String progress() {
        return String.format("σ %.3g", cma.sigma());
    }
}
