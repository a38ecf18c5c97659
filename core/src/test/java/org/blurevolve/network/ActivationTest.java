package org.blurevolve.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
