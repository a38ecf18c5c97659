package org.blurevolve.fitness;

/** How the scores at several horizons of one unroll combine into one fitness (docs/model.md §8). */
public enum HorizonAggregate {
    /** The mean over horizons. */
    MEAN,
    /** The worst horizon. */
    MIN;

    /** Combines per-horizon values (all finite). */
    double of(double[] values) {
        double acc = this == MEAN ? 0 : Double.POSITIVE_INFINITY;
        for (double v : values) {
            acc = this == MEAN ? acc + v : Math.min(acc, v);
        }
        return this == MEAN ? acc / values.length : acc;
    }
}
