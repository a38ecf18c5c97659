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
