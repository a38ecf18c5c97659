package org.blurevolve.driver.evolution;

import java.util.List;
import java.util.Map;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.StrategySettings;
import org.blurevolve.genome.Genome;

/**
 * The outer loop's seam: a strategy proposes the genomes of a generation, has them scored through
 * {@link Scoring} and learns from the scores. Generation g draws its randomness from the run's seed
 * streams at g alone, so a run replays exactly from its conf and seed, and resumes exactly from a
 * {@link #snapshot()} and the last generation. The run loop knows nothing of which strategy runs.
 * Implementations are not thread-safe.
 */
public sealed interface OuterStrategy permits GeneticAlgorithm, CmaEsStrategy, GradientDescent, HybridStrategy {

    /** Proposes and scores generation {@code index} (0: the initial population). */
    Generation advance(long index, Scoring scoring);

    /** The strategy's own state after the last generation (plain JSON values: numbers, lists, maps). */
    Map<String, Object> snapshot();

    /** Continues after {@code last} from a state taken by {@link #snapshot()}. */
    void restore(Generation last, Map<String, Object> state);

    /** A name for logs, e.g. {@code GA} or {@code CMA-ES}. */
    String describe();

    /** A short state for the progress line, e.g. {@code σ 0.031}, or empty. */
    String progress();

    /** Names of the strategy's own metrics columns, the same for every generation of a run (none by default). */
    default List<String> metricNames() {
        return List.of();
    }

    /** The values of {@link #metricNames()} after the last generation (NaN where unknown). */
    default double[] metrics() {
        return new double[0];
    }

    /**
     * The learning-step counts that generation {@code index}'s fitness scores, given {@code fitnessHorizons},
     * those of meta-train fitness scoring in that generation: the hall of fame ranks generations together,
     * and the best fitness and stagnation count run on, only while these are equal; the metrics and genome
     * provenance record them. {@code fitnessHorizons} unless the strategy scores its generations another
     * way (a meta-gradient step: its own horizons).
     */
    default List<Integer> horizons(long index, List<Integer> fitnessHorizons) {
        return fitnessHorizons;
    }

    /** The strategy an experiment asks for; {@code initial} seeds its first generation. */
    static OuterStrategy of(ExperimentConfig config, List<Genome> initial) {
        GenomeCodec codec = new GenomeCodec(config.layout(), config.genes());
        if (config.strategy() instanceof StrategySettings.Ga ga) {
            return new GeneticAlgorithm(ga, codec, config.layout(), config.seeds(), initial);
        }
        if (config.strategy() instanceof StrategySettings.Gradient gradient) {
            return new GradientDescent(gradient, codec, config.layout(), config.seeds(), initial);
        }
        if (config.strategy() instanceof StrategySettings.Hybrid hybrid) {
            return new HybridStrategy(hybrid, codec, config.layout(), config.seeds(), initial);
        }
        return new CmaEsStrategy((StrategySettings.CmaEs) config.strategy(), codec, config.layout(), config.seeds(),
                initial);
    }
}
