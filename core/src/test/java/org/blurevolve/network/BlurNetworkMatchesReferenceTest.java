package org.blurevolve.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.blurevolve.genome.Genome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option of docs/model.md §3–5 against the naive test-only {@link ReferenceBlur}: after each of
 * three learning steps, two forward-only steps, a fourth learning step and another forward-only step
 * (so SUPPORT statistics are averaged over 3 and then 4 steps), every state, prediction and synapse agrees within
 * 1e-10 absolute in double precision. The net 3→5→4→3 has two hidden layers (so the backward pass
 * runs twice) and K = 3 (so feedback zeroes a state ≥ 2).
 */
class BlurNetworkMatchesReferenceTest {
    private static final double TOLERANCE = 1e-10;
    private static final int BATCH = 4;
    private static final NetworkSpec BASE = NetworkSpec.defaults(3, List.of(3, 5, 4, 3));

    static Stream<Arguments> options() {
        Stabilizers none = Stabilizers.none();
        return Stream.of(
                Arguments.of("defaults", BASE, false),
                Arguments.of("asymmetric", BASE.withSymmetry(SynapseSymmetry.ASYMMETRIC), false),
                Arguments.of("single state", BASE.withSynapseStates(SynapseStates.SINGLE_STATE), false),
                Arguments.of("single state asymmetric", BASE.withSynapseStates(SynapseStates.SINGLE_STATE)
                        .withSymmetry(SynapseSymmetry.ASYMMETRIC), false),
                Arguments.of("multiplicative", BASE.withBackwardMode(BackwardMode.MULTIPLICATIVE), false),
                Arguments.of("mult second state", BASE.withBackwardMode(BackwardMode.MULT_SECOND_STATE), false),
                Arguments.of("error feedback", BASE.withFeedback(Feedback.ERROR), false),
                Arguments.of("neurons kept between steps", BASE.withZeroNeurons(false), false),
                Arguments.of("init by channels", BASE.withInitScale(InitScale.BY_CHANNELS), false),
                Arguments.of("pre from forward", BASE.withHebbianInputs(HebbianInputs.PRE_FROM_FORWARD), false),
                Arguments.of("per-layer genome", BASE, true),
                Arguments.of("per-state activations", BASE.withActivations(
                        StateActivations.perState(Activation.TANH, Activation.SIGMOID, Activation.RELU),
                        StateActivations.perState(Activation.IDENTITY, Activation.RELU_TANH, Activation.TANH),
                        StateActivations.of(Activation.SIGMOID)), false),
                Arguments.of("tanh synapse activation", BASE.withSynapseActivation(
                        StateActivations.of(Activation.TANH)), false),
                Arguments.of("oja", BASE.withStabilizers(none.withOja(true)), false),
                Arguments.of("oja asymmetric", BASE.withSymmetry(SynapseSymmetry.ASYMMETRIC)
                        .withStabilizers(none.withOja(true)), false),
                Arguments.of("saturation", BASE.withStabilizers(none.withSaturation(true, 0.1)), false),
                Arguments.of("stored normalisation", BASE.withStabilizers(
                        none.withNormalization(SynapseNormalization.STORED, false)), false),
                Arguments.of("stored normalisation rescaled", BASE.withStabilizers(
                        none.withNormalization(SynapseNormalization.STORED, true)), false),
                Arguments.of("in-activation normalisation", BASE.withStabilizers(
                        none.withNormalization(SynapseNormalization.IN_ACTIVATIONS, true)), false),
                Arguments.of("in-activation normalisation asymmetric", BASE.withSymmetry(SynapseSymmetry.ASYMMETRIC)
                        .withStabilizers(none.withNormalization(SynapseNormalization.IN_ACTIVATIONS, false)), false),
                Arguments.of("activation normalisation", BASE.withStabilizers(
                        none.withActivationNormalization(true)), false),
                Arguments.of("activation normalisation, output un-normalised", BASE.withStabilizers(
                        none.withActivationNormalization(ActivationStatistics.BATCH, false)), false),
                Arguments.of("support statistics", BASE.withStabilizers(
                        none.withActivationNormalization(ActivationStatistics.SUPPORT, true)), false),
                Arguments.of("support statistics, output un-normalised", BASE.withStabilizers(
                        none.withActivationNormalization(ActivationStatistics.SUPPORT, false)), true),
                Arguments.of("support statistics, mult second state, neurons kept", BASE.withZeroNeurons(false)
                        .withBackwardMode(BackwardMode.MULT_SECOND_STATE).withStabilizers(
                                none.withActivationNormalization(ActivationStatistics.SUPPORT, true)), false),
                Arguments.of("all stabilisers", BASE.withSymmetry(SynapseSymmetry.ASYMMETRIC)
                        .withBackwardMode(BackwardMode.MULTIPLICATIVE)
                        .withStabilizers(new Stabilizers(true, true, 0.05, SynapseNormalization.STORED, true, true,
                                ActivationStatistics.BATCH, true)), true),
                Arguments.of("all stabilisers, support statistics", BASE.withSymmetry(SynapseSymmetry.ASYMMETRIC)
                        .withBackwardMode(BackwardMode.MULTIPLICATIVE).withZeroNeurons(false)
                        .withStabilizers(new Stabilizers(true, true, 0.05, SynapseNormalization.STORED, true, true,
                                ActivationStatistics.SUPPORT, false)), true),
                Arguments.of("K=2 two layers", NetworkSpec.defaults(2, List.of(4, 6, 2)), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void everyStateAndSynapseMatchesTheReference(String name, NetworkSpec spec, boolean perLayer) {
        Genome genome = NetworkFixtures.exercisingGenome(spec, perLayer, 11);
        Synapses init = SynapseInit.draw(spec, 5);
        BlurNetwork net = new BlurNetwork(spec, genome, BATCH, Precision.DOUBLE);
        net.setSynapses(init);
        ReferenceBlur ref = new ReferenceBlur(spec, genome, BATCH, init);
        int n0 = spec.inputs();
        int nL = spec.outputs();
        for (int step = 0; step < 3; step++) {
            double[] x = NetworkFixtures.uniform(100 + step, BATCH * n0);
            double[] t = NetworkFixtures.oneHotTargets(200 + step, BATCH, nL);
            net.learn(x, t);
            ref.learn(x, t);
            assertStatesMatch(spec, net, ref, name + " step " + step);
            assertSynapsesMatch(spec, net.synapses(), ref, name + " step " + step);
        }
        inferBoth(spec, net, ref, 300, name + " query 1");
        inferBoth(spec, net, ref, 301, name + " query 2");
        double[] x = NetworkFixtures.uniform(103, BATCH * n0);
        double[] t = NetworkFixtures.oneHotTargets(203, BATCH, nL);
        net.learn(x, t);
        ref.learn(x, t);
        assertStatesMatch(spec, net, ref, name + " step 3 after queries");
        assertSynapsesMatch(spec, net.synapses(), ref, name + " step 3 after queries");
        inferBoth(spec, net, ref, 302, name + " query 3");
        assertTrue(net.isFinite());
    }

    private static void inferBoth(NetworkSpec spec, BlurNetwork net, ReferenceBlur ref, long seed, String where) {
        double[] query = NetworkFixtures.uniform(seed, BATCH * spec.inputs());
        net.infer(query);
        ref.infer(query);
        assertStatesMatch(spec, net, ref, where);
        assertSynapsesMatch(spec, net.synapses(), ref, where);
    }

    static void assertStatesMatch(NetworkSpec spec, BlurNetwork net, ReferenceBlur ref, String where) {
        for (int l = 0; l <= spec.layers(); l++) {
            for (int c = 0; c < spec.k(); c++) {
                double[] s = net.state(l, c);
                for (int b = 0; b < BATCH; b++) {
                    for (int i = 0; i < spec.size(l); i++) {
                        assertEquals(ref.a[l][b][i][c], s[b * spec.size(l) + i], TOLERANCE,
                                where + ": a[" + l + "][" + b + "][" + i + "][" + c + "]");
                    }
                }
            }
        }
    }

    static void assertSynapsesMatch(NetworkSpec spec, Synapses s, ReferenceBlur ref, String where) {
        for (int l = 0; l < spec.layers(); l++) {
            for (int i = 0; i <= spec.size(l); i++) {
                for (int j = 0; j < spec.size(l + 1); j++) {
                    for (int c = 0; c < spec.k(); c++) {
                        assertEquals(ref.f[l][i][j][c], s.f(l, i, j, c), TOLERANCE,
                                where + ": F" + l + "[" + i + "][" + j + "][" + c + "]");
                        if (i < spec.size(l)) {
                            assertEquals(ref.g[l][j][i][c], s.g(l, j, i, c), TOLERANCE,
                                    where + ": G" + l + "[" + j + "][" + i + "][" + c + "]");
                        }
                    }
                }
            }
        }
    }
}
