package org.blurevolve.fitness;

import java.util.List;
import org.blurevolve.genome.Genome;
import org.blurevolve.network.BlurNetwork;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.task.Batch;
import org.blurevolve.task.Episode;
import org.blurevolve.task.Seeds;
import org.blurevolve.task.Task;

/**
 * Scores a genome on a task (BLUR.md §8): per replica r, synapses drawn from seed (seed, r, 0), an
 * episode drawn from (seed, r, 1), T learning steps, then E query steps whose predictions are
 * scored. Any NaN/Inf ends the evaluation as DIVERGED. A pure function of its arguments: the same
 * inputs give bit-identical results on any machine. Thread-safe (no shared state).
 */
public final class InnerLoop {
    private InnerLoop() {
    }

    /** The network spec with the task's input and output sizes in place of the spec's ends. */
    public static NetworkSpec fitted(NetworkSpec spec, Task task) {
        List<Integer> sizes = new java.util.ArrayList<>(spec.sizes());
        sizes.set(0, task.inputs());
        sizes.set(sizes.size() - 1, task.outputs());
        return spec.withSizes(sizes);
    }

    /** Evaluates {@code genome} on {@code task}; never throws for a diverging genome. */
    public static FitnessResult evaluate(NetworkSpec spec, Genome genome, Task task, UnrollSettings settings, long seed) {
        NetworkSpec net = fitted(spec, task);
        long deadline = settings.timeBudgetSeconds() > 0
                ? System.nanoTime() + (long) (settings.timeBudgetSeconds() * 1e9) : Long.MAX_VALUE;
        BlurNetwork network = new BlurNetwork(net, genome, settings.batch(), settings.precision());
        double accuracy = 0;
        double ce = 0;
        double l2 = 0;
        double[] y = new double[settings.batch() * net.outputs()];
        for (int r = 0; r < settings.replicas(); r++) {
            network.initSynapses(Seeds.derive(seed, r, 0));
            Episode episode = task.episode(Seeds.derive(seed, r, 1), settings.batch(),
                    settings.learningSteps(), settings.queryBatches());
            for (Batch b : episode.support()) {
                network.learn(b.inputs(), b.targets());
                if (!network.isFinite()) {
                    return FitnessResult.failed(EvaluationStatus.DIVERGED);
                }
                if (System.nanoTime() > deadline) {
                    return FitnessResult.failed(EvaluationStatus.TIMEOUT);
                }
            }
            QueryScore score = new QueryScore(net.outputs());
            for (Batch b : episode.query()) {
                network.infer(b.inputs());
                network.outputs(y);
                if (!score.add(b, y)) {
                    return FitnessResult.failed(EvaluationStatus.DIVERGED);
                }
            }
            accuracy += score.accuracy();
            ce += score.negCrossEntropy();
            l2 += score.negL2();
        }
        int r = settings.replicas();
        return new FitnessResult(EvaluationStatus.OK, accuracy / r, ce / r, l2 / r);
    }
}
