package org.blurevolve.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.blurevolve.genome.Genome;
import org.junit.jupiter.api.Test;

/**
 * The component checks of docs/model.md §6 against central finite differences (h = 1e-6, tolerance
 * 1e-7 absolute, double precision, one sample so per-sample gradients are visible). φ = g·y for a
 * fixed random g is the probe: with ERROR feedback and t = y − g the output message is exactly g.
 */
class BackpropComponentsFiniteDifferenceTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-7;

    @Test
    void oneDenseLayerForwardHasTheSynapsesAsItsJacobian() {
        NetworkSpec spec = NetworkSpec.backprop(List.of(3, 4), Activation.TANH, Activation.TANH_DERIVATIVE,
                Feedback.ERROR);
        BlurNetwork net = new BlurNetwork(spec, Genome.backprop(-0.1), 1, Precision.DOUBLE);
        Synapses init = SynapseInit.draw(spec, 7);
        net.setSynapses(init);
        double[] x = NetworkFixtures.uniform(8, 3);
        for (int i = 0; i < 3; i++) {
            double[] plus = outputs(net, bumped(x, i, H));
            double[] minus = outputs(net, bumped(x, i, -H));
            for (int j = 0; j < 4; j++) {
                assertEquals(init.f(0, i, j, 0), (plus[j] - minus[j]) / (2 * H), TOLERANCE, "dy_" + j + "/dx_" + i);
            }
        }
        double[] y = outputs(net, x);
        for (int j = 0; j < 4; j++) {
            double expected = init.f(0, 3, j, 0);
            for (int i = 0; i < 3; i++) {
                expected += x[i] * init.f(0, i, j, 0);
            }
            assertEquals(expected, y[j], 1e-12, "y = [x,1]W");
        }
    }

    @Test
    void backwardStateOneAndHebbianBlockAreTheGradientsOfTheProbe() {
        NetworkSpec spec = NetworkSpec.backprop(List.of(3, 5, 2), Activation.TANH, Activation.TANH_DERIVATIVE,
                Feedback.ERROR);
        double lr = 0.1;
        Synapses init = SynapseInit.draw(spec, 9);
        double[] x = NetworkFixtures.uniform(10, 3);
        double[] g = NetworkFixtures.uniform(11, 2);
        BlurNetwork net = new BlurNetwork(spec, Genome.backprop(-lr), 1, Precision.DOUBLE);
        net.setSynapses(init);
        double[] y = outputs(net, x);
        double[] t = {y[0] - g[0], y[1] - g[1]};
        net.learn(x, t);
        double[] delta = net.state(1, 1);
        Synapses after = net.synapses();
        for (int j = 0; j < 5; j++) {
            double fd = (probe(spec, withForward(init, 0, 3, j, H), x, g)
                    - probe(spec, withForward(init, 0, 3, j, -H), x, g)) / (2 * H);
            assertEquals(fd, delta[j], TOLERANCE, "backward state 1 of hidden neuron " + j + " = dφ/dz");
            for (int i = 0; i <= 3; i++) {
                double fdW = (probe(spec, withForward(init, 0, i, j, H), x, g)
                        - probe(spec, withForward(init, 0, i, j, -H), x, g)) / (2 * H);
                double hebbian = (init.f(0, i, j, 0) - after.f(0, i, j, 0)) / lr;
                assertEquals(fdW, hebbian, TOLERANCE, "Hebbian ΔF0[" + i + "][" + j + "] = [x,1]ᵀδ");
            }
        }
        double[] hidden = net.state(1, 0);
        for (int i = 0; i < 5; i++) {
            double back = 0;
            for (int j = 0; j < 2; j++) {
                back += init.f(1, i, j, 0) * g[j];
            }
            double derivative = 1 - hidden[i] * hidden[i];
            assertEquals(derivative * back, delta[i], 1e-12, "state 1 = σ'(z) ⊙ W[0:n]·g");
        }
    }

    private static double probe(NetworkSpec spec, Synapses s, double[] x, double[] g) {
        BlurNetwork net = new BlurNetwork(spec, Genome.backprop(-0.1), 1, Precision.DOUBLE);
        net.setSynapses(s);
        double[] y = outputs(net, x);
        double phi = 0;
        for (int j = 0; j < g.length; j++) {
            phi += g[j] * y[j];
        }
        return phi;
    }

    private static double[] outputs(BlurNetwork net, double[] x) {
        net.infer(x);
        double[] y = new double[net.spec().outputs()];
        net.outputs(y);
        return y;
    }

    private static double[] bumped(double[] x, int i, double h) {
        double[] out = x.clone();
        out[i] += h;
        return out;
    }

    /** Copy of s with F^l[i][j] moved by h in both channels and G kept equal to F[0:n]ᵀ. */
    private static Synapses withForward(Synapses s, int l, int i, int j, double h) {
        double[][] f = s.forward().clone();
        double[][] g = s.backward().clone();
        f[l] = f[l].clone();
        g[l] = g[l].clone();
        int nOut = s.sizes().get(l + 1);
        int nIn = s.sizes().get(l);
        for (int c = 0; c < s.k(); c++) {
            f[l][(i * nOut + j) * s.k() + c] += h;
            if (i < nIn) {
                g[l][(j * nIn + i) * s.k() + c] += h;
            }
        }
        return new Synapses(s.sizes(), s.k(), f, g);
    }
}
