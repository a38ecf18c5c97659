package org.blurevolve.driver.config;

import java.util.List;

/**
 * Maps the conf section {@code evolution} onto {@link StrategySettings}: the strategy's kind and its
 * settings (GA, CMA-ES, meta-gradient, hybrid). Problems go to the shared reader, so all are reported
 * together. Not thread-safe; one per load.
 */
final class StrategySection {
    private final ConfReader r;

    StrategySection(ConfReader r) {
        this.r = r;
    }

    /** The strategy {@code evolution.strategy} names, with its settings; null (problems recorded) when bad. */
    StrategySettings read() {
        int read = r.problems().size();
        String kind = r.str("evolution.strategy");
        boolean kindRead = r.problems().size() == read;
        int before = r.problems().size();
        int population = r.integer("evolution.population", 2, 1_000_000);
        boolean populationRead = r.problems().size() == before;
        switch (kind) {
            case "ga" -> {
                StrategySettings.Crossover crossover = r.enumOf("evolution.crossover.kind", StrategySettings.Crossover.class);
                double offspring = r.dbl("evolution.offspring-fraction", 0, 1);
                int tournament = r.integer("evolution.tournament-size", 1, 1_000_000);
                // checked against the population only when that was read: a bad population is one problem, not two
                int elites = r.integer("evolution.elites", 0, 1_000_000);
                if (populationRead && elites >= population) {
                    r.bad("evolution.elites", String.valueOf(elites), "must be below evolution.population = " + population);
                }
                double mutationRate = r.dbl("evolution.mutation.rate", 0, 1);
                double mutationSigma = r.dbl("evolution.mutation.sigma", 0, 1e6);
                double crossoverRate = r.dbl("evolution.crossover.rate", 0, 1);
                return r.build("evolution", () -> new StrategySettings.Ga(population, offspring, tournament, elites,
                        mutationRate, mutationSigma, crossover, crossoverRate));
            }
            case "cma-es" -> {
                return cmaEs(population);
            }
            case "gradient" -> {
                return gradient();
            }
            case "cma-es+gradient" -> {
                StrategySettings.CmaEs cma = cmaEs(population);
                StrategySettings.Gradient gradient = gradient();
                int every = r.integer("evolution.hybrid.every", 1, Integer.MAX_VALUE);
                int steps = r.integer("evolution.hybrid.steps", 1, 1_000_000);
                StrategySettings.RefineTarget target = r.enumOf("evolution.hybrid.target", StrategySettings.RefineTarget.class);
                return r.build("evolution.hybrid", () -> new StrategySettings.Hybrid(cma, gradient, every, steps, target));
            }
            default -> {
                if (kindRead) {
                    r.bad("evolution.strategy", r.render("evolution.strategy"), "use ga, cma-es, gradient or cma-es+gradient");
                }
                return null;
            }
        }
    }

    private StrategySettings.CmaEs cmaEs(int population) {
        int beforeSeparable = r.problems().size();
        String sep = r.str("evolution.cma-es.separable");
        StrategySettings.Covariance cov = switch (sep) {
            case "auto" -> StrategySettings.Covariance.AUTO;
            case "true" -> StrategySettings.Covariance.DIAGONAL;
            case "false" -> StrategySettings.Covariance.FULL;
            default -> {
                if (r.problems().size() == beforeSeparable) {
                    r.bad("evolution.cma-es.separable", r.render("evolution.cma-es.separable"),
                            "use auto, true or false");
                }
                yield StrategySettings.Covariance.AUTO;
            }
        };
        double sigma = r.dbl("evolution.cma-es.sigma", 1e-9, 1e6);
        StrategySettings.RankDiverged rank = r.enumOf("evolution.cma-es.rank-diverged",
                StrategySettings.RankDiverged.class);
        return r.build("evolution", () -> new StrategySettings.CmaEs(population, sigma, cov, rank));
    }

    private StrategySettings.Gradient gradient() {
        String g = "evolution.gradient.";
        double lr = r.dbl(g + "learning-rate", 1e-12, 1e6);
        double beta1 = r.dbl(g + "beta1", 0, 0.999999);
        double beta2 = r.dbl(g + "beta2", 0, 0.999999999);
        double epsilon = r.dbl(g + "epsilon", 1e-300, 1);
        double clip = r.dbl(g + "clip-norm", 0, 1e12);
        int before = r.problems().size();
        String lossName = r.str(g + "loss");
        org.blurevolve.gradient.MetaLoss loss = org.blurevolve.gradient.MetaLoss.CROSS_ENTROPY;
        if (r.problems().size() == before) {
            try {
                loss = org.blurevolve.gradient.MetaLoss.parse(lossName);
            } catch (IllegalArgumentException e) {
                r.bad(g + "loss", r.render(g + "loss"), "use cross-entropy or l2");
            }
        }
        int start = r.integer(g + "curriculum.start", 1, 1_000_000);
        int increase = r.integer(g + "curriculum.increase", 0, 1_000_000);
        int every = r.integer(g + "curriculum.every", 0, Integer.MAX_VALUE);
        int max = r.integer(g + "curriculum.max", 1, 1_000_000);
        if (r.problems().isEmpty() && max < start) {
            r.bad(g + "curriculum.max", String.valueOf(max), "must be at least curriculum.start = " + start);
        }
        var curriculum = r.build(g + "curriculum", () -> new StrategySettings.Curriculum(start, increase, every, max));
        List<Integer> horizons = r.intList(g + "horizons", 1, 1_000_000);
        if (curriculum != null && !horizons.isEmpty()) {
            boolean ascending = true;
            for (int i = 1; i < horizons.size(); i++) {
                ascending &= horizons.get(i) > horizons.get(i - 1);
            }
            if (!ascending) {
                r.bad(g + "horizons", horizons.toString(), "must be ascending without repeats");
            } else if (horizons.get(horizons.size() - 1) != curriculum.last()) {
                r.bad(g + "horizons", horizons.toString(), "the last horizon must equal the curriculum's largest T = "
                        + curriculum.last() + " (curriculum.max, or curriculum.start when T does not grow)");
            }
        }
        int truncation = r.integer(g + "truncation", 0, 1_000_000);
        int recompute = r.integer(g + "recompute-every", 0, 1_000_000);
        double penalty = r.dbl(g + "synapse-penalty", 0, 1e6);
        org.blurevolve.gradient.MetaLoss chosen = loss;
        return r.build("evolution.gradient", () -> new StrategySettings.Gradient(lr, beta1, beta2, epsilon, clip, chosen,
                curriculum, horizons, truncation, recompute, penalty));
    }
}
