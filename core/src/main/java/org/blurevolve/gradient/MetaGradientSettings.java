package org.blurevolve.gradient;

/**
 * How a meta-gradient is taken (docs/model.md §10). Immutable, validated on construction.
 *
 * @param loss           the differentiable meta-loss
 * @param steps          T, learning steps of the unroll, at least 1
 * @param truncation     backpropagate through the last W learning steps only (earlier states are
 *                       held constant); 0 = through all
 * @param recomputeEvery S: keep every S-th step state and recompute the rest during the reverse
 *                       pass (memory ~ (T+E)/S + S states); 0 = keep every step's records (one
 *                       forward run fewer, memory ~ T+E step records) when they fit in an eighth
 *                       of the heap per processor, else S = ⌈√(T+E)⌉
 */
public record MetaGradientSettings(MetaLoss loss, int steps, int truncation, int recomputeEvery)
        implements java.io.Serializable {
    public MetaGradientSettings {
        if (loss == null) {
            throw new IllegalArgumentException("loss must be set");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps = " + steps + ", must be >= 1");
        }
        if (truncation < 0) {
            throw new IllegalArgumentException("truncation = " + truncation + ", must be >= 0 (0 = none)");
        }
        if (recomputeEvery < 0) {
            throw new IllegalArgumentException("recompute-every = " + recomputeEvery + ", must be >= 0 (0 = keep all)");
        }
    }
}
