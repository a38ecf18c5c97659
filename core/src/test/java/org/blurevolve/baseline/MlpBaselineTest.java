package org.blurevolve.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        MlpBaseline.Mlp mlp = new MlpBaseline.Mlp(spec, Activation.TANH, SynapseInit.draw(spec, 2), Optimizer.sgd(lr));
        double[] before = mlp.w[0].clone();
        mlp.step(b4);
        double h = 1e-6;
        for (int i = 0; i < before.length; i += 3) {
            MlpBaseline.Mlp plus = new MlpBaseline.Mlp(spec, Activation.TANH, SynapseInit.draw(spec, 2), Optimizer.sgd(lr));
            MlpBaseline.Mlp minus = new MlpBaseline.Mlp(spec, Activation.TANH, SynapseInit.draw(spec, 2), Optimizer.sgd(lr));
            plus.w[0][i] += h;
            minus.w[0][i] -= h;
            double fd = (meanCe(plus, b4) - meanCe(minus, b4)) / (2 * h);
            assertEquals(fd, (before[i] - mlp.w[0][i]) / lr, 1e-6, "dCE/dW0[" + i + "]");
        }
    }

    private static double meanCe(MlpBaseline.Mlp mlp, Batch b) {
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
