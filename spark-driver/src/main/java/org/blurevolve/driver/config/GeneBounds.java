package org.blurevolve.driver.config;

/**
 * The range every gene is kept in (conf {@code genome.gene-min}, {@code genome.gene-max}): [min, max).
 */
public record GeneBounds(double min, double max) {
    public GeneBounds {
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
            throw new IllegalArgumentException("gene-min = " + min + ", gene-max = " + max
                    + ": need finite bounds with gene-min < gene-max");
        }
    }

    /** {@code v} clipped into [min, max). */
    public double clip(double v) {
        return Math.max(min, Math.min(Math.nextDown(max), v));
    }
}
