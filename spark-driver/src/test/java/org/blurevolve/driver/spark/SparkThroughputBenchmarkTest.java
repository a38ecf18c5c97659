package org.blurevolve.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The standard error that bench-spark prints for its Spark overhead, against values computed by hand. */
class SparkThroughputBenchmarkTest {
    @Test
    void standardErrorIsTheSampleDeviationOverRootN() {
        // {1, 2, 3, 4}: mean 2.5, squares 2.25 + 0.25 + 0.25 + 2.25 = 5, sample variance 5/3, SE √(5/3/4)
        assertEquals(Math.sqrt(5.0 / 12.0), SparkThroughputBenchmark.standardError(new double[] {1, 2, 3, 4}), 1e-15);
        // constant differences have no spread; a shift does not change the spread
        assertEquals(0.0, SparkThroughputBenchmark.standardError(new double[] {0.02, 0.02, 0.02}), 1e-18);
        assertEquals(SparkThroughputBenchmark.standardError(new double[] {1, 2, 3, 4}),
                SparkThroughputBenchmark.standardError(new double[] {11, 12, 13, 14}), 1e-12);
    }

    @Test
    void oneValueHasNoStandardError() {
        assertTrue(Double.isNaN(SparkThroughputBenchmark.standardError(new double[] {0.5})));
    }
}
