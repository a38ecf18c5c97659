package org.blurevolve.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.blurevolve.genome.Genome;
import org.junit.jupiter.api.Test;

/**
 * The required test of docs/model.md §6, "backprop genome equals hand-written SGD": network 4→6→5→3,
 * σ = tanh, B = 8, random F with G = Fᵀ and channel 1 = channel 0. After 1 and after 5 steps (a new
 * batch each step) every F^l channel equals the SGD weights W_l within 1e-10 in double (1e-5
 * relative in both float precisions), G^l equals F^l[0:n]ᵀ, and the step's predictions equal SGD's forward pass.
 */
class BackpropGenomeEqualsSgdTest {
    private static final int[] SIZES = {4, 6, 5, 3};
    private static final int BATCH = 8;
    private static final double LR = 0.05;

    @Test
    void errorFeedbackWithNegativeRateIsSgdOnSquaredLossInDouble() {
        checkEquivalence(Feedback.ERROR, -LR, HandWrittenSgd.Loss.SQUARED, Precision.DOUBLE);
    }

    @Test
    void targetFeedbackWithPositiveRateIsSgdOnLinearLossInDouble() {
        checkEquivalence(Feedback.TARGET, +LR, HandWrittenSgd.Loss.LINEAR, Precision.DOUBLE);
    }

    @Test
    void errorFeedbackIsSgdInFloatToRelativeTolerance() {
        checkEquivalence(Feedback.ERROR, -LR, HandWrittenSgd.Loss.SQUARED, Precision.FLOAT);
    }

    @Test
    void targetFeedbackIsSgdInFloatToRelativeTolerance() {
        checkEquivalence(Feedback.TARGET, +LR, HandWrittenSgd.Loss.LINEAR, Precision.FLOAT);
    }

    @Test
    void errorFeedbackIsSgdWithFloatElementwiseArithmeticToRelativeTolerance() {
        checkEquivalence(Feedback.ERROR, -LR, HandWrittenSgd.Loss.SQUARED, Precision.FLOAT_ELEMENTWISE);
    }

    @Test
    void targetFeedbackIsSgdWithFloatElementwiseArithmeticToRelativeTolerance() {
        checkEquivalence(Feedback.TARGET, +LR, HandWrittenSgd.Loss.LINEAR, Precision.FLOAT_ELEMENTWISE);
    }

    private static void checkEquivalence(Feedback feedback, double synUpdate, HandWrittenSgd.Loss loss,
                                         Precision precision) {
        NetworkSpec spec = NetworkSpec.backprop(List.of(4, 6, 5, 3), Activation.TANH,
                Activation.TANH_DERIVATIVE, feedback);
        Synapses init = SynapseInit.draw(spec, 42);
        BlurNetwork net = new BlurNetwork(spec, Genome.backprop(synUpdate), BATCH, precision);
        net.setSynapses(init);
        HandWrittenSgd sgd = new HandWrittenSgd(SIZES, weightsFrom(init));
        for (int step = 1; step <= 5; step++) {
            double[] x = NetworkFixtures.uniform(1000 + step, BATCH * SIZES[0]);
            double[] t = NetworkFixtures.oneHotTargets(2000 + step, BATCH, SIZES[3]);
            double[][] sgdPredictions = sgd.step(rows(x, SIZES[0]), rows(t, SIZES[3]), LR, loss);
            net.learn(x, t);
            double[] prediction = net.state(SIZES.length - 1, 0);
            for (int b = 0; b < BATCH; b++) {
                for (int j = 0; j < SIZES[3]; j++) {
                    assertClose(sgdPredictions[b][j], prediction[b * SIZES[3] + j], precision,
                            "prediction after step " + step);
                }
            }
            if (step == 1 || step == 5) {
                assertSynapsesEqualWeights(net.synapses(), sgd, precision, step);
            }
        }
    }

    private static void assertSynapsesEqualWeights(Synapses s, HandWrittenSgd sgd, Precision precision, int step) {
        for (int l = 0; l < SIZES.length - 1; l++) {
            for (int i = 0; i <= SIZES[l]; i++) {
                for (int j = 0; j < SIZES[l + 1]; j++) {
                    for (int c = 0; c < 2; c++) {
                        assertClose(sgd.w[l][i][j], s.f(l, i, j, c), precision,
                                "F" + l + "[" + i + "][" + j + "][" + c + "] after step " + step);
                        if (i < SIZES[l]) {
                            assertEquals(s.f(l, i, j, c), s.g(l, j, i, c), 0.0, "G = Fᵀ after step " + step);
                        }
                    }
                }
            }
        }
    }

    /** Double: 1e-10 absolute. Float and float-elementwise: 1e-5 relative (with a 1e-6 floor for values near zero). */
    private static void assertClose(double expected, double actual, Precision precision, String what) {
        double tolerance = precision == Precision.DOUBLE ? 1e-10 : Math.max(1e-5 * Math.abs(expected), 1e-6);
        assertEquals(expected, actual, tolerance, what);
    }

    private static double[][][] weightsFrom(Synapses s) {
        double[][][] w = new double[SIZES.length - 1][][];
        for (int l = 0; l < w.length; l++) {
            w[l] = new double[SIZES[l] + 1][SIZES[l + 1]];
            for (int i = 0; i <= SIZES[l]; i++) {
                for (int j = 0; j < SIZES[l + 1]; j++) {
                    w[l][i][j] = s.f(l, i, j, 0);
                }
            }
        }
        return w;
    }

    private static double[][] rows(double[] flat, int width) {
        double[][] out = new double[flat.length / width][width];
        for (int b = 0; b < out.length; b++) {
            System.arraycopy(flat, b * width, out[b], 0, width);
        }
        return out;
    }
}
