package org.blurevolve.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The standard error that bench-spark prints for its Spark overhead and the figures of its cost around
 * the evaluations, against values computed by hand, and the ranges of job numbers its warm-up is
 * reported in.
 */
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
        assertEquals("null", SparkThroughputBenchmark.jsonNumber(Double.NaN), "the JSON line stays valid");
        assertEquals("5.69", SparkThroughputBenchmark.jsonNumber(5.6912));
    }

    @Test
    void aroundGivesMeanErrorMedianAndLargestOrNaNWhenAnyGenerationWasNotMeasured() {
        SparkThroughputBenchmark.Around odd = SparkThroughputBenchmark.Around.of(new double[] {30, 10, 170, 20, 15});
        assertEquals(49.0, odd.mean(), 1e-12);
        assertEquals(20.0, odd.median(), 0.0);
        assertEquals(170.0, odd.max(), 0.0);
        // deviations −19, −39, 121, −29, −34: squares sum to 18,520; ÷ 4 ÷ 5 = 926
        assertEquals(Math.sqrt(926), odd.standardError(), 1e-12);
        assertEquals(17.5, SparkThroughputBenchmark.Around.of(new double[] {20, 10, 15, 40}).median(), 0.0);
        SparkThroughputBenchmark.Around missing = SparkThroughputBenchmark.Around.of(new double[] {10, Double.NaN, 12});
        assertTrue(Double.isNaN(missing.mean()) && Double.isNaN(missing.median()) && Double.isNaN(missing.max())
                && Double.isNaN(missing.standardError()));
        assertTrue(Double.isNaN(SparkThroughputBenchmark.Around.of(new double[0]).mean()), "no generation");
        assertEquals(7.0, SparkThroughputBenchmark.Around.of(new double[] {7}).median(), 0.0);
        assertEquals("n/a", SparkThroughputBenchmark.oneDecimal(missing.median()));
    }

    @Test
    void warmupRangesCoverEveryJobOnceAndEndAtTheLastJob() {
        assertEquals(List.of(r(1, 10), r(11, 30), r(31, 100), r(101, 300)), SparkThroughputBenchmark.warmupRanges(300));
        assertEquals(List.of(r(1, 10), r(11, 30), r(31, 45)), SparkThroughputBenchmark.warmupRanges(45));
        assertEquals(List.of(r(1, 10), r(11, 30), r(31, 100), r(101, 300), r(301, 1000), r(1001, 3000), r(3001, 5000)),
                SparkThroughputBenchmark.warmupRanges(5000));
        assertEquals(List.of(r(1, 1)), SparkThroughputBenchmark.warmupRanges(1));
        assertEquals(List.of(r(1, 10)), SparkThroughputBenchmark.warmupRanges(10));
        assertEquals(List.of(r(1, 10), r(11, 11)), SparkThroughputBenchmark.warmupRanges(11));
        assertEquals(List.of(r(1, 10), r(11, 30), r(31, 100), r(101, 300), r(301, 1000), r(1001, 3000), r(3001, 3001)),
                SparkThroughputBenchmark.warmupRanges(3001));
        assertEquals(6, SparkThroughputBenchmark.warmupRanges(3000).size(), "3,000 ends the last fixed range");
        assertEquals(0, SparkThroughputBenchmark.warmupRanges(0).size());
        assertEquals(300, SparkThroughputBenchmark.warmupRanges(300).stream().mapToInt(SparkThroughputBenchmark.JobRange::jobs).sum());
    }

    private static SparkThroughputBenchmark.JobRange r(int first, int last) {
        return new SparkThroughputBenchmark.JobRange(first, last);
    }
}
