package org.blurevolve.gradient;

import java.util.List;

/**
 * How a meta-gradient is taken (docs/model.md §10). Immutable, validated on construction.
 *
 * @param loss           the differentiable meta-loss
 * @param horizons       the learning steps after which the query batches are scored, ascending,
 *                       each at least 1; the meta-loss is the mean of the losses at these horizons
 *                       of one unroll, whose length T is the last horizon
 * @param truncation     backpropagate through the last W learning steps only (earlier states are
 *                       held constant, and query scores at horizons before them do not count);
 *                       0 = through all
 * @param recomputeEvery S: keep every S-th step state and recompute the rest during the reverse
 *                       pass (memory ~ T/S + S states); 0 = keep every step's records (one
 *                       forward run fewer, memory ~ T+E step records) when they fit in an eighth
 *                       of the heap per processor, else S = ⌈√(T+E)⌉
 * @param synapsePenalty λ ≥ 0: the meta-loss adds λ·ln(P_T / P_1), P_t = Σ mean(X²) over the stored
 *                       synapse blocks after t learning steps (docs/model.md §10): the gradient
 *                       pushes against synapse growth after the first step; 0 = none
 */
public record MetaGradientSettings(MetaLoss loss, List<Integer> horizons, int truncation, int recomputeEvery,
                                   double synapsePenalty)
        implements java.io.Serializable {
    public MetaGradientSettings {
        if (loss == null) {
            throw new IllegalArgumentException("loss must be set");
        }
        if (horizons == null || horizons.isEmpty()) {
            throw new IllegalArgumentException("horizons must hold at least one step count");
        }
        horizons = List.copyOf(horizons);
        for (int i = 0; i < horizons.size(); i++) {
            if (horizons.get(i) < 1 || (i > 0 && horizons.get(i) <= horizons.get(i - 1))) {
                throw new IllegalArgumentException("horizons = " + horizons + ", must be ascending and >= 1");
            }
        }
        if (truncation < 0) {
            throw new IllegalArgumentException("truncation = " + truncation + ", must be >= 0 (0 = none)");
        }
        if (recomputeEvery < 0) {
            throw new IllegalArgumentException("recompute-every = " + recomputeEvery + ", must be >= 0 (0 = keep all)");
        }
        if (!(synapsePenalty >= 0 && Double.isFinite(synapsePenalty))) {
            throw new IllegalArgumentException("synapse-penalty = " + synapsePenalty + ", must be >= 0 (0 = none)");
        }
    }

    /** No synapse penalty. */
    public MetaGradientSettings(MetaLoss loss, List<Integer> horizons, int truncation, int recomputeEvery) {
        this(loss, horizons, truncation, recomputeEvery, 0);
    }

    /** The loss after T learning steps only, no synapse penalty. */
    public MetaGradientSettings(MetaLoss loss, int steps, int truncation, int recomputeEvery) {
        this(loss, List.of(checkSteps(steps)), truncation, recomputeEvery, 0);
    }

    private static int checkSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps = " + steps + ", must be >= 1");
        }
        return steps;
    }

    /** T, the learning steps of the unroll: the last horizon. */
    public int steps() {
        return horizons.get(horizons.size() - 1);
    }
}
