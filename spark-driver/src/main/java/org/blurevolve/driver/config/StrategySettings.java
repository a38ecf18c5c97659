package org.blurevolve.driver.config;

import java.util.List;

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
     * How CMA-ES ranks genomes of equal fitness, e.g. all those that diverged (fitness −∞;
     * docs/model.md §8).
     */
    enum RankDiverged {
        /** By their place in the sample: equal fitness stays a tie. */
        TIED,
        /** By the learning steps they completed before failing, most first; then by place. */
        STEPS
    }

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
     * @param rankDiverged how genomes of equal fitness (those that diverged) rank
     */
    record CmaEs(int population, double sigma, Covariance covariance, RankDiverged rankDiverged)
            implements StrategySettings {
        public CmaEs {
            if (population < 2) {
                throw new IllegalArgumentException("population = " + population + ", must be >= 2");
            }
            if (!(sigma > 0 && Double.isFinite(sigma))) {
                throw new IllegalArgumentException("sigma = " + sigma + ", must be > 0");
            }
            if (covariance == null || rankDiverged == null) {
                throw new IllegalArgumentException("covariance and rank-diverged must be set");
            }
        }

        /** Whether a genome of {@code genes} genes gets a diagonal covariance. */
        public boolean diagonal(int genes) {
            return covariance == Covariance.DIAGONAL || (covariance == Covariance.AUTO && genes > 200);
        }
    }

    /**
     * The horizon schedule of meta-gradient steps: T of meta-step s is
     * min(max, start + increase·⌊s / every⌋) (constant {@code start} when {@code every} is 0).
     *
     * @param start    T of the first meta-step, at least 1
     * @param increase steps added at each growth, at least 0
     * @param every    meta-steps between growths, 0 = never
     * @param max      the largest T, at least {@code start}
     */
    record Curriculum(int start, int increase, int every, int max) {
        public Curriculum {
            if (start < 1 || increase < 0 || every < 0 || max < start) {
                throw new IllegalArgumentException("curriculum start = " + start + ", increase = " + increase
                        + ", every = " + every + ", max = " + max + ": need start >= 1, increase >= 0, every >= 0,"
                        + " max >= start");
            }
        }

        /** The largest T the schedule reaches: max, or start when T never grows. */
        public int last() {
            return every == 0 || increase == 0 ? start : max;
        }

        /** T of meta-step {@code step}. */
        public int horizon(long step) {
            if (every == 0 || increase == 0) {
                return start;
            }
            return (int) Math.min(max, start + (long) increase * (step / every));
        }
    }

    /**
     * Meta-gradient descent on the genes ({@code evolution.strategy = gradient}, docs/model.md §10):
     * Adam with the gradient norm clipped, one meta-step per generation.
     *
     * @param learningRate   Adam's step size, above 0
     * @param beta1          first-moment decay, in [0, 1)
     * @param beta2          second-moment decay, in [0, 1)
     * @param epsilon        Adam's ε, above 0
     * @param clipNorm       largest gradient norm used (larger ones are scaled down); 0 = no clipping
     * @param loss           the meta-loss
     * @param curriculum     T per meta-step
     * @param horizons       the learning steps whose query losses are averaged, ascending, the last the
     *                       curriculum's largest T; empty = the unroll's end only
     * @param truncation     backpropagate through the last W learning steps; 0 = all
     * @param recomputeEvery S of docs/model.md §10; 0 = keep every step's records
     * @param synapsePenalty λ of the meta-loss's synapse penalty (docs/model.md §10), ≥ 0; 0 = none
     */
    record Gradient(double learningRate, double beta1, double beta2, double epsilon, double clipNorm,
                    org.blurevolve.gradient.MetaLoss loss, Curriculum curriculum, List<Integer> horizons,
                    int truncation, int recomputeEvery, double synapsePenalty)
            implements StrategySettings {
        public Gradient {
            horizons = horizons == null ? List.of() : List.copyOf(horizons);
            for (int i = 0; i < horizons.size(); i++) {
                if (horizons.get(i) < 1 || (i > 0 && horizons.get(i) <= horizons.get(i - 1))) {
                    throw new IllegalArgumentException("gradient: horizons " + horizons + " must be ascending and >= 1");
                }
            }
            if (curriculum != null && !horizons.isEmpty() && horizons.get(horizons.size() - 1) != curriculum.last()) {
                throw new IllegalArgumentException("gradient: the last horizon must equal the curriculum's largest T = "
                        + curriculum.last());
            }
            if (!(learningRate > 0 && Double.isFinite(learningRate) && beta1 >= 0 && beta1 < 1 && beta2 >= 0
                    && beta2 < 1 && epsilon > 0 && clipNorm >= 0 && Double.isFinite(clipNorm))) {
                throw new IllegalArgumentException("gradient: learning rate > 0, betas in [0, 1), epsilon > 0,"
                        + " clip-norm >= 0");
            }
            if (loss == null || curriculum == null || truncation < 0 || recomputeEvery < 0
                    || !(synapsePenalty >= 0 && Double.isFinite(synapsePenalty))) {
                throw new IllegalArgumentException("gradient: loss and curriculum must be set, truncation,"
                        + " recompute-every and synapse-penalty >= 0");
            }
        }

        /** One genome per meta-step. */
        @Override
        public int population() {
            return 1;
        }

        /**
         * The settings of meta-step {@code step}: T from the curriculum, the horizons min(h, T) with
         * duplicates merged (T alone when none are set).
         */
        public org.blurevolve.gradient.MetaGradientSettings at(long step) {
            int t = curriculum.horizon(step);
            List<Integer> capped = horizons.isEmpty() ? List.of(t)
                    : horizons.stream().map(h -> Math.min(h, t)).distinct().toList();
            return new org.blurevolve.gradient.MetaGradientSettings(loss, capped, truncation, recomputeEvery,
                    synapsePenalty);
        }
    }

    /** What a hybrid refinement starts from, and where the refined genes go: the CMA-ES mean moves to them. */
    enum RefineTarget {
        /** Refine the current mean. */
        MEAN,
        /** Refine the generation's best member. */
        BEST
    }

    /**
     * CMA-ES with meta-gradient refinement ({@code evolution.strategy = cma-es+gradient}): after
     * every {@code every}-th generation, {@code steps} Adam steps refine the mean (or the best
     * member) and the mean moves to the result.
     *
     * @param cma      the CMA-ES settings
     * @param gradient the meta-gradient settings (its curriculum counts refinement steps)
     * @param every    generations between refinements, at least 1
     * @param steps    meta-gradient steps per refinement, at least 1
     * @param target   what is refined
     */
    record Hybrid(CmaEs cma, Gradient gradient, int every, int steps, RefineTarget target) implements StrategySettings {
        public Hybrid {
            if (cma == null || gradient == null || target == null || every < 1 || steps < 1) {
                throw new IllegalArgumentException("hybrid: every >= 1, steps >= 1, target mean or best");
            }
        }

        @Override
        public int population() {
            return cma.population();
        }
    }
}
