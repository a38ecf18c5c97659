package org.blurevolve.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.network.Activation;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.network.SynapseInit;
import org.blurevolve.task.Batch;
import org.blurevolve.task.SyntheticTasks;
import org.blurevolve.task.Task;
import org.junit.jupiter.api.Test;

class MlpBaselineTest {
    private static final NetworkSpec SPEC = NetworkSpec.defaults(2, List.of(2, 12, 2));

    @Test
    void gradientMatchesFiniteDifferencesOfTheMeanCrossEntropy() {
        NetworkSpec spec = SPEC.withSizes(List.of(3, 5, 4));
        Task task = SyntheticTasks.make("parity", 2, 3, 0);
        Batch b = task.episode(1, 6, 1, 0).support().get(0);
        Batch b4 = new Batch(6, b.inputs(), Batch.targetsFor(new int[] {0, 3, 1, 2, 3, 0}, 4), new int[] {0, 3, 1, 2, 3, 0});
        double lr = 1e-3;
        Mlp mlp = new Mlp(spec, Activation.TANH, SynapseInit.draw(spec, 2), Optimizer.sgd(lr), BatchNorm.NONE);
        double[] before = mlp.p[0].clone();
        mlp.step(b4);
        double h = 1e-6;
        for (int i = 0; i < before.length; i += 3) {
            Mlp plus = new Mlp(spec, Activation.TANH, SynapseInit.draw(spec, 2), Optimizer.sgd(lr), BatchNorm.NONE);
            Mlp minus = new Mlp(spec, Activation.TANH, SynapseInit.draw(spec, 2), Optimizer.sgd(lr), BatchNorm.NONE);
            plus.p[0][i] += h;
            minus.p[0][i] -= h;
            double fd = (meanCe(plus, b4) - meanCe(minus, b4)) / (2 * h);
            assertEquals(fd, (before[i] - mlp.p[0][i]) / lr, 1e-6, "dCE/dW0[" + i + "]");
        }
    }

    @Test
    void batchNormGradientsMatchFiniteDifferences() {
        NetworkSpec spec = SPEC.withSizes(List.of(3, 5, 4, 4));
        Batch b4 = fourClassBatch();
        double lr = 1e-3;
        Mlp mlp = new Mlp(spec, Activation.TANH, SynapseInit.draw(spec, 2), Optimizer.sgd(lr), BatchNorm.BATCH);
        double[][] before = java.util.Arrays.stream(mlp.p).map(double[]::clone).toArray(double[][]::new);
        mlp.step(b4);
        double h = 1e-6;
        // W0 (below two normalised layers), W1, γ and β of both hidden layers
        for (int idx : new int[] {0, 1, 3, 4, 5, 6}) {
            for (int i = 0; i < before[idx].length; i += 2) {
                Mlp plus = new Mlp(spec, Activation.TANH, SynapseInit.draw(spec, 2), Optimizer.sgd(lr), BatchNorm.BATCH);
                Mlp minus = new Mlp(spec, Activation.TANH, SynapseInit.draw(spec, 2), Optimizer.sgd(lr), BatchNorm.BATCH);
                plus.p[idx][i] += h;
                minus.p[idx][i] -= h;
                double fd = (meanCe(plus, b4) - meanCe(minus, b4)) / (2 * h);
                assertEquals(fd, (before[idx][i] - mlp.p[idx][i]) / lr, 1e-6, "dCE/dp" + idx + "[" + i + "]");
            }
        }
    }

    @Test
    void supportStatisticsMakeQueryPredictionsIndependentOfBatchMates() {
        NetworkSpec spec = SPEC.withSizes(List.of(3, 5, 4));
        Batch b = fourClassBatch();
        Mlp support = new Mlp(spec, Activation.TANH, SynapseInit.draw(spec, 2), Optimizer.sgd(0.1), BatchNorm.SUPPORT);
        assertThrows(IllegalStateException.class, () -> support.predict(b));
        support.step(b);
        support.step(b);
        double[] all = support.predict(b);
        double[] x = java.util.Arrays.copyOf(b.inputs(), 3);
        double[] one = support.predict(new Batch(1, x, java.util.Arrays.copyOf(b.targets(), 4), new int[] {b.labels()[0]}));
        for (int j = 0; j < 4; j++) {
            assertEquals(all[j], one[j], 1e-12);
        }
    }

    private static Batch fourClassBatch() {
        Batch b = SyntheticTasks.make("parity", 2, 3, 0).episode(1, 6, 1, 0).support().get(0);
        int[] labels = {0, 3, 1, 2, 3, 0};
        return new Batch(6, b.inputs(), Batch.targetsFor(labels, 4), labels);
    }

    private static double meanCe(Mlp mlp, Batch b) {
        double[] y = mlp.predict(b);
        double sum = 0;
        for (int s = 0; s < b.size(); s++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 4; j++) {
                max = Math.max(max, y[s * 4 + j]);
            }
            double z = 0;
            for (int j = 0; j < 4; j++) {
                z += Math.exp(y[s * 4 + j] - max);
            }
            sum += Math.log(z) + max - y[s * 4 + b.labels()[s]];
        }
        return sum / b.size();
    }

    @Test
    void batchNormBaselinesLearnTooAndHorizonsMatchSeparateRuns() {
        Task task = SyntheticTasks.make("and", 2, 0, 0);
        UnrollSettings s = new UnrollSettings(List.of(10, 40), org.blurevolve.fitness.HorizonAggregate.MEAN, 4, 64,
                new org.blurevolve.fitness.QueryMode(64, false), 2, Precision.DOUBLE, 0);
        for (BatchNorm bn : BatchNorm.values()) {
            FitnessResult[][][] r = MlpBaseline.evaluateHorizons(SPEC, Activation.TANH, Optimizer.adam(0.05), bn,
                    List.of(task), s, List.of(List.of(s.query())), 3);
            assertTrue(r[0][1][0].accuracy() > 0.9, bn + " reaches " + r[0][1][0].accuracy());
            FitnessResult alone = MlpBaseline.evaluateHorizons(SPEC, Activation.TANH, Optimizer.adam(0.05), bn,
                    List.of(task), s.withHorizons(List.of(10)), List.of(List.of(s.query())), 3)[0][0][0];
            assertEquals(alone, r[0][0][0], bn.toString());
        }
    }

    @Test
    void everyOptimiserLearnsAnEasyTaskAndIsDeterministic() {
        UnrollSettings s = new UnrollSettings(60, 4, 64, 2, Precision.DOUBLE, 0);
        Task task = SyntheticTasks.make("and", 2, 0, 0);
        for (Optimizer opt : List.of(Optimizer.sgd(0.5), Optimizer.momentum(0.1), Optimizer.adam(0.05))) {
            FitnessResult r = MlpBaseline.evaluate(SPEC, Activation.TANH, opt, task, s, 3);
            assertEquals(EvaluationStatus.OK, r.status());
            assertTrue(r.accuracy() > 0.9, opt.label() + " reaches " + r.accuracy());
            assertEquals(r, MlpBaseline.evaluate(SPEC, Activation.TANH, opt, task, s, 3));
        }
    }
}
