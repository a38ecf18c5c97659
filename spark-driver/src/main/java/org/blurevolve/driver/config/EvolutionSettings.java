package org.blurevolve.driver.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The outer loop's settings (conf section {@code evolution}).
 *
 * @param population        population size, at least 2
 * @param offspringFraction fraction of each generation made by selection and alteration
 * @param tournamentSize    tournament size of both selectors
 * @param elites            best survivors kept unchanged
 * @param mutationRate      per-gene mutation probability
 * @param mutationSigma     standard deviation of the Gaussian mutation
 * @param crossover         block, uniform or none
 * @param crossoverRate     crossover probability
 * @param initialFiles      genome or population files for the first generation
 * @param initialGenomes    inline genome vectors for the first generation
 * @param backpropRate      add the backprop genome with this η~ (0 = do not)
 * @param metaTestEvery     meta-test period in generations (0 = never)
 * @param hallOfFame        size of the hall of fame
 * @param strategy          "ga" or "cma-es"
 * @param cmaSigma          CMA-ES initial step size
 * @param cmaSeparable      "auto", "true" or "false"
 */
public record EvolutionSettings(int population, double offspringFraction, int tournamentSize, int elites,
                                double mutationRate, double mutationSigma, String crossover, double crossoverRate,
                                List<Path> initialFiles, List<double[]> initialGenomes, double backpropRate,
                                int metaTestEvery, int hallOfFame, String strategy, double cmaSigma,
                                String cmaSeparable) {
    /** Whether the outer loop is CMA-ES. */
    public boolean cmaEs() {
        return "cma-es".equals(strategy);
    }

    /** Whether CMA-ES uses a diagonal covariance for a genome of {@code genes} genes. */
    public boolean separable(int genes) {
        return "true".equals(cmaSeparable) || ("auto".equals(cmaSeparable) && genes > 200);
    }

    public EvolutionSettings {
        initialFiles = List.copyOf(initialFiles);
        initialGenomes = initialGenomes.stream().map(double[]::clone).toList();
    }
}
