package org.blurevolve.network;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.blurevolve.genome.Genome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FLOAT_ELEMENTWISE (normalisation and σ in float, docs/model.md §4) against DOUBLE on every option of
 * {@link BlurNetworkMatchesReferenceTest}: after four learning steps and three forward-only steps, every
 * state and synapse agrees with the double network within 1e-3 relative (floor 1e-3 absolute), and
 * within 3 times the worst deviation of FLOAT, whose elementwise work is in double (floor 1e-6; the
 * ratio was at most 2.1 when written): the float arithmetic adds rounding of the order that float
 * storage does, not a different model. The
 * values differ from FLOAT's somewhere in every option, so the float kernels did run.
 */
class FloatElementwiseAgreementTest {
    private static final int BATCH = 4;

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.blurevolve.network.BlurNetworkMatchesReferenceTest#options")
    void agreesWithDoubleAsCloselyAsFloatDoes(String name, NetworkSpec spec, boolean perLayer) {
        List<Double> exact = run(spec, perLayer, Precision.DOUBLE);
        List<Double> storage = run(spec, perLayer, Precision.FLOAT);
        List<Double> elementwise = run(spec, perLayer, Precision.FLOAT_ELEMENTWISE);
        double floatError = worstDeviation(exact, storage);
        double elementwiseError = worstDeviation(exact, elementwise);
        System.out.printf("%-55s FLOAT %.3g, FLOAT_ELEMENTWISE %.3g%n", name, floatError, elementwiseError);
        assertTrue(elementwiseError <= 1e-3, name + ": FLOAT_ELEMENTWISE deviates " + elementwiseError);
        assertTrue(elementwiseError <= 3 * Math.max(floatError, 1e-6),
                name + ": FLOAT_ELEMENTWISE deviates " + elementwiseError + ", FLOAT " + floatError);
        assertTrue(!storage.equals(elementwise), name + ": FLOAT_ELEMENTWISE gave FLOAT's values");
    }

    /** Every state after each step and the synapses at the end, as in the reference test's sequence. */
    private static List<Double> run(NetworkSpec spec, boolean perLayer, Precision precision) {
        Genome genome = NetworkFixtures.exercisingGenome(spec, perLayer, 11);
        BlurNetwork net = new BlurNetwork(spec, genome, BATCH, precision);
        net.setSynapses(SynapseInit.draw(spec, 5));
        List<Double> values = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            net.learn(NetworkFixtures.uniform(100 + step, BATCH * spec.inputs()),
                    NetworkFixtures.oneHotTargets(200 + step, BATCH, spec.outputs()));
            addStates(spec, net, values);
            if (step == 2) {
                for (int q = 0; q < 2; q++) {
                    net.infer(NetworkFixtures.uniform(300 + q, BATCH * spec.inputs()));
                    addStates(spec, net, values);
                }
            }
        }
        net.infer(NetworkFixtures.uniform(302, BATCH * spec.inputs()));
        addStates(spec, net, values);
        Synapses s = net.synapses();
        for (int l = 0; l < spec.layers(); l++) {
            for (int i = 0; i <= spec.size(l); i++) {
                for (int j = 0; j < spec.size(l + 1); j++) {
                    for (int c = 0; c < spec.k(); c++) {
                        values.add(s.f(l, i, j, c));
                        if (i < spec.size(l)) {
                            values.add(s.g(l, j, i, c));
                        }
                    }
                }
            }
        }
        return values;
    }

    private static void addStates(NetworkSpec spec, BlurNetwork net, List<Double> values) {
        for (int l = 0; l <= spec.layers(); l++) {
            for (int c = 0; c < spec.k(); c++) {
                for (double v : net.state(l, c)) {
                    values.add(v);
                }
            }
        }
    }

    /** max |v − d| / max(|d|, 1) over all values. */
    private static double worstDeviation(List<Double> exact, List<Double> other) {
        double worst = 0;
        for (int i = 0; i < exact.size(); i++) {
            double d = exact.get(i);
            worst = Math.max(worst, Math.abs(other.get(i) - d) / Math.max(Math.abs(d), 1));
        }
        return worst;
    }
}
