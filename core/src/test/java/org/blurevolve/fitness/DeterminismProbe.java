package org.blurevolve.fitness;

import java.util.List;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.task.SyntheticTasks;

/** Prints the raw bits of one evaluation's scores; run in a fresh JVM by {@link DeterminismAcrossJvmsTest}. */
public final class DeterminismProbe {
    private DeterminismProbe() {
    }

    static String scores() {
        NetworkSpec spec = NetworkSpec.defaults(3, List.of(2, 16, 8, 2)).withZeroNeurons(false);
        FitnessResult r = InnerLoop.evaluate(spec, Genome.random(GenomeLayout.shared(3), 5),
                SyntheticTasks.make("random_xor", 2, 0, 9), new UnrollSettings(12, 3, 32, 3, Precision.FLOAT, 0), 1234);
        return Long.toHexString(Double.doubleToRawLongBits(r.accuracy())) + " "
                + Long.toHexString(Double.doubleToRawLongBits(r.negCrossEntropy())) + " "
                + Long.toHexString(Double.doubleToRawLongBits(r.negL2()));
    }

    public static void main(String[] args) {
        System.out.println("SCORES " + scores());
    }
}
