package org.blurevolve.driver.config;

/**
 * The outer strategy and its settings (conf section {@code evolution}, chosen by
 * {@code evolution.strategy}). Immutable, validated on construction.
 */
public sealed interface StrategySettings {
    /** Genomes scored per generation. */
    int population();

    /** Crossover of the genetic algorithm. */
    enum Crossover {
        /** Swap whole K×K matrices, gate pairs and scalars (docs/model.md §2). */
        BLOCK,
        /** Swap single genes. */
        UNIFORM,
        /** No crossover. */
        NONE
    }

    /** Covariance of CMA-ES: full, diagonal (separable), or diagonal above 200 genes. */
    enum Covariance { AUTO, FULL, DIAGONAL }

    /**
     * The Jenetics genetic algorithm ({@code evolution.strategy = ga}).
     *
     * @param population        population size, at least 2
     * @param offspringFraction fraction of each generation made by selection and alteration, in [0, 1]
     * @param tournamentSize    tournament size of both selectors, at least 1
     * @param elites            best survivors kept unchanged, below the population
     * @param mutationRate      per-gene mutation probability, in [0, 1]
     * @param mutationSigma     standard deviation of the Gaussian step, at least 0
     * @param crossover         crossover kind
     * @param crossoverRate     crossover probability, in [0, 1]
     */
    record Ga(int population, double offspringFraction, int tournamentSize, int elites, double mutationRate,
              double mutationSigma, Crossover crossover, double crossoverRate) implements StrategySettings {
        public Ga {
            if (population < 2) {
                throw new IllegalArgumentException("population = " + population + ", must be >= 2");
            }
            if (elites < 0 || elites >= population) {
                throw new IllegalArgumentException("elites = " + elites + ", must be in 0.." + (population - 1));
            }
            if (!(offspringFraction >= 0 && offspringFraction <= 1 && mutationRate >= 0 && mutationRate <= 1
                    && crossoverRate >= 0 && crossoverRate <= 1 && mutationSigma >= 0) || tournamentSize < 1) {
                throw new IllegalArgumentException("GA rates must be in [0, 1], sigma >= 0, tournament size >= 1");
            }
            if (crossover == null) {
                throw new IllegalArgumentException("crossover must be set");
            }
        }
    }

    /**
     * The (μ/μ_w, λ) CMA-ES ({@code evolution.strategy = cma-es}).
     *
     * @param population λ, at least 2
     * @param sigma      initial step size, above 0
     * @param covariance full, diagonal, or automatic
     */
    record CmaEs(int population, double sigma, Covariance covariance) implements StrategySettings {
        public CmaEs {
            if (population < 2) {
                throw new IllegalArgumentException("population = " + population + ", must be >= 2");
            }
            if (!(sigma > 0 && Double.isFinite(sigma))) {
                throw new IllegalArgumentException("sigma = " + sigma + ", must be > 0");
            }
            if (covariance == null) {
                throw new IllegalArgumentException("covariance must be set");
            }
        }

        /** Whether a genome of {@code genes} genes gets a diagonal covariance. */
        public boolean diagonal(int genes) {
            return covariance == Covariance.DIAGONAL || (covariance == Covariance.AUTO && genes > 200);
        }
    }
}
