package org.blurevolve.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link FloatConversions} gives the bits of the Java casts, on every length and offset. */
class FloatConversionsTest {
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        Float.MIN_VALUE, Float.MIN_VALUE / 2, 3 * (double) Float.MIN_VALUE / 2, Float.MAX_VALUE, -Float.MAX_VALUE,
        (double) Float.MAX_VALUE * (1 + 0x1p-25), 1e39, -1e39, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, 1 + 0x1p-24, 1 + 0x1p-24 + 0x1p-50, 1 + 3 * 0x1p-24, 0.1, 1.0 / 3};

    @Test
    void theVectorApiIsInThisJvmSoTheVectorPathIsTheOneChecked() {
        assertTrue(StateSweep.VECTOR_API, "the test JVM runs with --add-modules jdk.incubator.vector");
    }

    @Test
    void roundNarrowAndWidenEqualTheCasts() {
        SplittableRandom rng = new SplittableRandom(13);
        for (int trial = 0; trial < 2000; trial++) {
            int len = rng.nextInt(0, 40);
            int off = rng.nextInt(0, 5);
            double[] x = new double[off + len + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextInt(4) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)]
                        : Math.scalb(rng.nextDouble(-1, 1), rng.nextInt(-160, 160));
            }
            double[] rounded = x.clone();
            FloatConversions.round(rounded, off, off + len);
            float[] narrow = new float[len + 2];
            FloatConversions.narrow(x, off, narrow, 1, len);
            double[] wide = new double[len + 1];
            FloatConversions.widen(narrow, 1, wide, 0, len);
            for (int i = 0; i < x.length; i++) {
                boolean inside = i >= off && i < off + len;
                double expected = inside ? (double) (float) x[i] : x[i];
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(rounded[i]), "round " + x[i]);
            }
            for (int i = 0; i < len; i++) {
                float cast = (float) x[off + i];
                assertEquals(Float.floatToIntBits(cast), Float.floatToIntBits(narrow[1 + i]), "narrow " + x[off + i]);
                assertEquals(Double.doubleToLongBits(cast), Double.doubleToLongBits(wide[i]), "widen " + cast);
            }
            assertEquals(0f, narrow[0]);
            assertEquals(0f, narrow[len + 1]);
            assertEquals(0.0, wide[len]);
        }
    }
}
