package org.blurevolve.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationTest {
    @Test
    void tanhMatchesTheLibraryToOneEMinus15Everywhere() {
        for (double x = -30; x <= 30; x += 0.0137) {
            assertEquals(Math.tanh(x), Activation.TANH.apply(x), 1e-15, "x = " + x);
        }
        assertEquals(1e-9, Activation.TANH.apply(1e-9), 1e-16);
        assertEquals(0.0, Activation.RELU_TANH.apply(-3));
        assertEquals(Math.tanh(0.7), Activation.RELU_TANH.apply(0.7), 1e-15);
        assertEquals(1 - Math.tanh(0.3) * Math.tanh(0.3), Activation.TANH_DERIVATIVE.apply(0.3), 1e-15);
    }

    @Test
    void rationalTanhIsWithinFloatHalfUlpOfTanhOnTheWholeLine() {
        double worst = 0;
        for (double x = -40; x <= 40; x += 0.00037) {
            worst = Math.max(worst, Math.abs(Activation.rationalTanh(x) - Math.tanh(x)));
        }
        assertTrue(worst < 4e-8, "max |error| = " + worst);
    }

    @Test
    void rationalTanhInFloatIsWithinSixUlpsOfTanhOddAndBounded() {
        double worstAbsolute = 0;
        double worstUlps = 0;
        for (double x = -40; x <= 40; x += 0.00037) {
            float f = (float) x;
            float t = FloatStateSweep.tanh(f);
            double exact = Math.tanh(f);
            worstAbsolute = Math.max(worstAbsolute, Math.abs(t - exact));
            worstUlps = Math.max(worstUlps, Math.abs(t - exact) / Math.ulp((float) exact));
            assertEquals(-t, FloatStateSweep.tanh(-f), 0.0, "odd at " + f);
            assertTrue(Math.abs(t) <= 1f, "bounded at " + f);
        }
        System.out.printf("float rational tanh: max |error| %.3g, %.2f ulps%n", worstAbsolute, worstUlps);
        assertTrue(worstAbsolute < 3.5e-7, "max |error| = " + worstAbsolute);
        assertTrue(worstUlps <= 6, "max error in ulps of the result = " + worstUlps);
        assertEquals(0f, FloatStateSweep.tanh(0f), 0.0);
        assertTrue(Float.isNaN(FloatStateSweep.tanh(Float.NaN)));
    }

    @Test
    void bulkRowsMatchTheScalarFunctionAndSkipTheBiasColumn() {
        for (Activation a : Activation.values()) {
            double[] z = {-2, -0.5, 0.3, 99, 1.7, -0.1, 0.0, 99};
            a.applyRows(z, 2, 3, 4, false);
            double[] in = {-2, -0.5, 0.3, 1.7, -0.1, 0.0};
            int[] at = {0, 1, 2, 4, 5, 6};
            for (int i = 0; i < in.length; i++) {
                assertEquals(a.apply(in[i]), z[at[i]], 1e-15, a + " at " + in[i]);
            }
            assertEquals(99, z[3]);
            assertEquals(99, z[7]);
        }
    }
}
