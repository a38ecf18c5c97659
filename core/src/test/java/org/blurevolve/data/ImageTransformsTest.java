package org.blurevolve.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ImageTransformsTest {
    @Test
    void halvingAveragesTwoByTwoBlocks() {
        double[] img = {
            1, 3, 0, 0,
            5, 7, 0, 4,
            2, 2, 9, 9,
            2, 2, 9, 9};
        assertArrayEquals(new double[] {4, 1, 2, 9}, ImageTransforms.resizeArea(img, 4, 4, 2, 2), 1e-12);
    }

    @Test
    void fractionalWindowsWeighByOverlap() {
        // 3 → 2: output 0 covers [0, 1.5): pixel 0 whole and half of pixel 1, divided by 1.5.
        double[] row = {3, 6, 9};
        double[] out = ImageTransforms.resizeArea(row, 1, 3, 1, 2);
        assertEquals((3 + 0.5 * 6) / 1.5, out[0], 1e-12);
        assertEquals((0.5 * 6 + 9) / 1.5, out[1], 1e-12);
    }

    @Test
    void constantImageStaysConstantAt28To10() {
        double[] img = new double[28 * 28];
        java.util.Arrays.fill(img, 0.25);
        for (double v : ImageTransforms.resizeArea(img, 28, 28, 10, 10)) {
            assertEquals(0.25, v, 1e-12);
        }
    }
}
