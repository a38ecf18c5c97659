package org.blurevolve.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.blurevolve.genome.Genome;
import org.junit.jupiter.api.Test;

/**
 * Query batches scored in one pass (docs/architecture.md, "Performance") give the bits of one
 * forward-only step per batch, in both float precisions, under every statistics mode that allows it, and are refused where query
 * steps depend on each other. The float path's own bits are pinned by the fitness of the exactness
 * tests and PaperRunReproductionTest.
 */
class FloatPathTest {

    @Test
    void queryBatchesInOnePassEqualOneStepPerBatch() {
        for (Stabilizers st : List.of(Stabilizers.none(), Stabilizers.none().withActivationNormalization(true),
                Stabilizers.none().withActivationNormalization(ActivationStatistics.SUPPORT, true),
                Stabilizers.none().withNormalization(SynapseNormalization.IN_ACTIVATIONS, true))) {
            NetworkSpec spec = NetworkSpec.defaults(3, List.of(7, 33, 9, 4)).withStabilizers(st);
            for (int per : new int[] {1, 5, 16, 32}) {
                assertOnePassEqualsSteps(spec, per, 5, Precision.FLOAT);
                assertOnePassEqualsSteps(spec, per, 5, Precision.FLOAT_ELEMENTWISE);
            }
        }
    }

    @Test
    void segmentsAreRefusedWhereQueryStepsDependOnEachOther() {
        NetworkSpec keep = NetworkSpec.defaults(2, List.of(3, 4, 2)).withZeroNeurons(false);
        Genome g = NetworkFixtures.exercisingGenome(keep, false, 1);
        assertThrows(IllegalArgumentException.class, () -> new BlurNetwork(keep, g, 8, 4, Precision.FLOAT));
        NetworkSpec plain = NetworkSpec.defaults(2, List.of(3, 4, 2));
        Genome h = NetworkFixtures.exercisingGenome(plain, false, 1);
        assertThrows(IllegalArgumentException.class, () -> new BlurNetwork(plain, h, 8, 4, Precision.DOUBLE));
        assertThrows(IllegalStateException.class,
                () -> new BlurNetwork(plain, h, 8, 4, Precision.FLOAT).learn(new double[24], new double[16]));
    }

    private static void assertOnePassEqualsSteps(NetworkSpec spec, int per, int batches, Precision precision) {
        Genome genome = NetworkFixtures.exercisingGenome(spec, false, 3);
        SplittableRandom r = new SplittableRandom(per);
        BlurNetwork learner = new BlurNetwork(spec, genome, per, precision);
        learner.setSynapses(SynapseInit.draw(spec, 9));
        for (int step = 0; step < 3; step++) {
            learner.learn(uniform(r, per * spec.inputs()), uniform(r, per * spec.outputs()));
        }
        NetworkSnapshot learned = learner.snapshot();
        double[] x = uniform(r, batches * per * spec.inputs());
        BlurNetwork together = new BlurNetwork(spec, genome, batches * per, per, precision);
        together.restore(learned);
        together.infer(x);
        double[] all = new double[batches * per * spec.outputs()];
        together.outputs(all);
        BlurNetwork single = new BlurNetwork(spec, genome, per, precision);
        single.restore(learned);
        double[] y = new double[per * spec.outputs()];
        for (int b = 0; b < batches; b++) {
            single.infer(java.util.Arrays.copyOfRange(x, b * per * spec.inputs(), (b + 1) * per * spec.inputs()));
            single.outputs(y);
            assertArrayEquals(y, java.util.Arrays.copyOfRange(all, b * y.length, (b + 1) * y.length), 0.0,
                    precision + ", " + spec.stabilizers() + ", query batch " + b + " of " + per);
        }
    }

    private static double[] uniform(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return v;
    }
}
