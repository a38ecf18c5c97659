package org.blurevolve.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The figures bench-spark prints for per-generation times, against values computed by hand. */
class PerGenerationMsTest {
    @Test
    void standardErrorIsTheSampleDeviationOverRootN() {
        // {1, 2, 3, 4}: mean 2.5, squares 2.25 + 0.25 + 0.25 + 2.25 = 5, sample variance 5/3, SE √(5/3/4)
        assertEquals(Math.sqrt(5.0 / 12.0), PerGenerationMs.standardError(new double[] {1, 2, 3, 4}), 1e-15);
        // constant differences have no spread; a shift does not change the spread
        assertEquals(0.0, PerGenerationMs.standardError(new double[] {0.02, 0.02, 0.02}), 1e-18);
        assertEquals(PerGenerationMs.standardError(new double[] {1, 2, 3, 4}),
                PerGenerationMs.standardError(new double[] {11, 12, 13, 14}), 1e-12);
    }

    @Test
    void oneValueHasNoStandardError() {
        assertTrue(Double.isNaN(PerGenerationMs.standardError(new double[] {0.5})));
    }

    @Test
    void givesMeanErrorMedianAndLargestOrNaNWhenAnyGenerationWasNotMeasured() {
        PerGenerationMs odd = PerGenerationMs.of(new double[] {30, 10, 170, 20, 15});
        assertEquals(49.0, odd.mean(), 1e-12);
        assertEquals(20.0, odd.median(), 0.0);
        assertEquals(170.0, odd.max(), 0.0);
        // deviations −19, −39, 121, −29, −34: squares sum to 18,520; ÷ 4 ÷ 5 = 926
        assertEquals(Math.sqrt(926), odd.standardError(), 1e-12);
        assertEquals(17.5, PerGenerationMs.of(new double[] {20, 10, 15, 40}).median(), 0.0);
        PerGenerationMs missing = PerGenerationMs.of(new double[] {10, Double.NaN, 12});
        assertTrue(Double.isNaN(missing.mean()) && Double.isNaN(missing.median()) && Double.isNaN(missing.max())
                && Double.isNaN(missing.standardError()));
        assertTrue(Double.isNaN(PerGenerationMs.of(new double[0]).mean()), "no generation");
        assertEquals(7.0, PerGenerationMs.of(new double[] {7}).median(), 0.0);
    }
}
