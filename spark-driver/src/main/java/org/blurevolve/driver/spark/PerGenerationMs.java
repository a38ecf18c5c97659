package org.blurevolve.driver.spark;

import java.util.Arrays;

/**
 * Figures of a per-generation time in ms over {@code bench-spark}'s timed generations (e.g. what the
 * Spark scorer took beyond its tasks' bodies): mean, standard error of the mean, median and largest,
 * all NaN when not measured.
 */
record PerGenerationMs(double mean, double standardError, double median, double max) {
    PerGenerationMs {
        boolean measured = Double.isFinite(mean);
        if (measured != Double.isFinite(median) || measured != Double.isFinite(max) || median > max
                || standardError < 0) {
            throw new IllegalArgumentException("mean " + mean + ", standard error " + standardError + ", median "
                    + median + ", largest " + max);
        }
    }

    /** The figures of the per-generation {@code ms} (all NaN when there are none or any entry is NaN). */
    static PerGenerationMs of(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted); // NaN sorts last
        int n = sorted.length;
        if (n == 0 || Double.isNaN(sorted[n - 1])) {
            return new PerGenerationMs(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new PerGenerationMs(mean(ms), standardError(ms), median, sorted[n - 1]);
    }

    /** The mean of {@code x} (NaN when empty or when any entry is NaN). */
    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return x.length == 0 ? Double.NaN : sum / x.length;
    }

    /** The standard error of the mean of {@code x} (sample standard deviation ÷ √n; NaN below two values). */
    static double standardError(double[] x) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mean = mean(x);
        double squares = 0;
        for (double v : x) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (n - 1) / n);
    }
}
