package org.blurevolve.network;

import java.util.List;
import org.blurevolve.genome.Genome;

/**
 * Prints whether this JVM has the Vector API and the raw bits of a float network's outputs after a few
 * learning steps (plain, with activation normalisation on batch statistics and on support statistics,
 * with tanh-family and ReLU activations; in FLOAT and in FLOAT_ELEMENTWISE):
 * {@link StateSweepTest} runs it in a JVM started without {@code --add-modules=jdk.incubator.vector}.
 */
public final class FloatNetworkBits {
    private FloatNetworkBits() {
    }

    /** Prints "VECTOR_API true|false", then "BITS " and {@link #outputBits()}. */
    public static void main(String[] args) {
        System.out.println("VECTOR_API " + StateSweep.VECTOR_API);
        System.out.println("BITS " + outputBits());
    }

    /** The raw float bits of the outputs, in hex, for the three networks in each float precision. */
    static String outputBits() {
        StringBuilder bits = new StringBuilder();
        StateActivations hidden = StateActivations.perState(Activation.RELU_TANH, Activation.TANH_DERIVATIVE);
        NetworkSpec plain = NetworkSpec.defaults(2, List.of(7, 33, 9, 4))
                .withActivations(hidden, StateActivations.of(Activation.RELU), StateActivations.of(Activation.TANH));
        Stabilizers none = Stabilizers.none();
        List<NetworkSpec> specs = List.of(plain, plain.withStabilizers(none.withActivationNormalization(true)),
                plain.withStabilizers(none.withActivationNormalization(ActivationStatistics.SUPPORT, true)));
        for (Precision precision : List.of(Precision.FLOAT, Precision.FLOAT_ELEMENTWISE)) {
            for (NetworkSpec spec : specs) {
                appendOutputBits(bits, spec, precision);
            }
        }
        return bits.toString();
    }

    private static void appendOutputBits(StringBuilder bits, NetworkSpec spec, Precision precision) {
        Genome genome = NetworkFixtures.exercisingGenome(spec, false, 3);
        BlurNetwork net = new BlurNetwork(spec, genome, 16, precision);
        net.setSynapses(SynapseInit.draw(spec, 9));
        for (int step = 0; step < 4; step++) {
            net.learn(NetworkFixtures.uniform(step, 16 * spec.inputs()),
                    NetworkFixtures.oneHotTargets(step, 16, spec.outputs()));
        }
        net.infer(NetworkFixtures.uniform(99, 16 * spec.inputs()));
        double[] y = new double[16 * spec.outputs()];
        net.outputs(y);
        for (double v : y) {
            bits.append(Integer.toHexString(Float.floatToRawIntBits((float) v)));
        }
    }
}
