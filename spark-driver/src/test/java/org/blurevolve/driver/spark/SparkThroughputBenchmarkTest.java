package org.blurevolve.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How bench-spark writes a figure that may be missing: the JSON line stays valid, the text says so. */
class SparkThroughputBenchmarkTest {
    @Test
    void aMissingFigureIsNullInJsonAndNotAvailableInText() {
        assertEquals("null", SparkThroughputBenchmark.jsonNumber(Double.NaN), "the JSON line stays valid");
        assertEquals("5.69", SparkThroughputBenchmark.jsonNumber(5.6912));
        assertEquals("n/a", SparkThroughputBenchmark.oneDecimal(Double.NaN));
        assertEquals("n/a", SparkThroughputBenchmark.oneDecimal(Double.POSITIVE_INFINITY));
        assertEquals("2.1", SparkThroughputBenchmark.oneDecimal(2.0734));
    }
}
