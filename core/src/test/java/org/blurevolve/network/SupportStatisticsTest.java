package org.blurevolve.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.blurevolve.genome.Genome;
import org.junit.jupiter.api.Test;

/**
 * SUPPORT activation statistics (docs/model.md §5): inductive predictions, against the test-only
 * {@link ReferenceBlur} in float, and the contract around them (no statistics before a learning step,
 * reset when synapses are loaded). The double-precision match of every state is in
 * {@link BlurNetworkMatchesReferenceTest}.
 */
class SupportStatisticsTest {
    private static final int BATCH = 6;
    private static final NetworkSpec SPEC = NetworkSpec.defaults(3, List.of(3, 5, 4, 3)).withStabilizers(
            Stabilizers.none().withActivationNormalization(ActivationStatistics.SUPPORT, true));

    @Test
    void floatNetworkMatchesTheDoubleReferenceWithinFloatTolerance() {
        Genome genome = NetworkFixtures.exercisingGenome(SPEC, false, 11);
        Synapses init = SynapseInit.draw(SPEC, 5);
        BlurNetwork net = new BlurNetwork(SPEC, genome, BATCH, Precision.FLOAT);
        net.setSynapses(init);
        ReferenceBlur ref = new ReferenceBlur(SPEC, genome, BATCH, init);
        for (int step = 0; step < 3; step++) {
            double[] x = NetworkFixtures.uniform(100 + step, BATCH * 3);
            double[] t = NetworkFixtures.oneHotTargets(200 + step, BATCH, 3);
            net.learn(x, t);
            ref.learn(x, t);
        }
        double[] q = NetworkFixtures.uniform(300, BATCH * 3);
        net.infer(q);
        ref.infer(q);
        double[] y = new double[BATCH * 3];
        net.outputs(y);
        for (int b = 0; b < BATCH; b++) {
            for (int j = 0; j < 3; j++) {
                double expected = ref.a[3][b][j][0];
                assertEquals(expected, y[b * 3 + j], 1e-4 * Math.max(1, Math.abs(expected)), "y[" + b + "][" + j + "]");
            }
        }
    }

    @Test
    void aQueryPredictionDependsOnlyOnItsOwnSample() {
        BlurNetwork net = trained(Precision.DOUBLE);
        double[] q = NetworkFixtures.uniform(300, BATCH * 3);
        double[] other = q.clone();
        System.arraycopy(NetworkFixtures.uniform(301, (BATCH - 1) * 3), 0, other, 3, (BATCH - 1) * 3);
        NetworkSnapshot afterLearning = net.snapshot();
        double[] y1 = predict(net, q);
        net.restore(afterLearning);
        double[] y2 = predict(net, other);
        for (int j = 0; j < 3; j++) {
            assertEquals(y1[j], y2[j], 1e-14, "sample 0, output " + j + " must not see its batch-mates");
        }
    }

    @Test
    void batchStatisticsMakeTheSamePredictionDependOnBatchMates() {
        NetworkSpec batchSpec = SPEC.withStabilizers(Stabilizers.none().withActivationNormalization(true));
        BlurNetwork net = new BlurNetwork(batchSpec, NetworkFixtures.exercisingGenome(batchSpec, false, 11), BATCH,
                Precision.DOUBLE);
        net.setSynapses(SynapseInit.draw(batchSpec, 5));
        net.learn(NetworkFixtures.uniform(100, BATCH * 3), NetworkFixtures.oneHotTargets(200, BATCH, 3));
        double[] q = NetworkFixtures.uniform(300, BATCH * 3);
        double[] other = q.clone();
        System.arraycopy(NetworkFixtures.uniform(301, (BATCH - 1) * 3), 0, other, 3, (BATCH - 1) * 3);
        assertTrue(Math.abs(predict(net, q)[0] - predict(net, other)[0]) > 1e-6);
    }

    @Test
    void aForwardOnlyStepBeforeAnyLearningStepIsRefused() {
        BlurNetwork net = new BlurNetwork(SPEC, NetworkFixtures.exercisingGenome(SPEC, false, 11), BATCH,
                Precision.DOUBLE);
        net.setSynapses(SynapseInit.draw(SPEC, 5));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> net.infer(NetworkFixtures.uniform(300, BATCH * 3)));
        assertTrue(e.getMessage().contains("learning step"), e.getMessage());
        net.learn(NetworkFixtures.uniform(100, BATCH * 3), NetworkFixtures.oneHotTargets(200, BATCH, 3));
        net.infer(NetworkFixtures.uniform(300, BATCH * 3));
        net.setSynapses(SynapseInit.draw(SPEC, 5));
        assertThrows(IllegalStateException.class, () -> net.infer(NetworkFixtures.uniform(300, BATCH * 3)));
    }

    @Test
    void loadingSynapsesRestartsTheAverages() {
        BlurNetwork used = trained(Precision.DOUBLE);
        BlurNetwork fresh = new BlurNetwork(SPEC, NetworkFixtures.exercisingGenome(SPEC, false, 11), BATCH,
                Precision.DOUBLE);
        Synapses init = SynapseInit.draw(SPEC, 9);
        for (BlurNetwork net : new BlurNetwork[] {used, fresh}) {
            net.setSynapses(init);
            net.learn(NetworkFixtures.uniform(110, BATCH * 3), NetworkFixtures.oneHotTargets(210, BATCH, 3));
        }
        double[] q = NetworkFixtures.uniform(300, BATCH * 3);
        assertArrayEquals(predict(fresh, q), predict(used, q));
    }

    private static BlurNetwork trained(Precision precision) {
        BlurNetwork net = new BlurNetwork(SPEC, NetworkFixtures.exercisingGenome(SPEC, false, 11), BATCH, precision);
        net.setSynapses(SynapseInit.draw(SPEC, 5));
        for (int step = 0; step < 3; step++) {
            net.learn(NetworkFixtures.uniform(100 + step, BATCH * 3), NetworkFixtures.oneHotTargets(200 + step, BATCH, 3));
        }
        return net;
    }

    private static double[] predict(BlurNetwork net, double[] x) {
        net.infer(x);
        double[] y = new double[BATCH * 3];
        net.outputs(y);
        return y;
    }
}
