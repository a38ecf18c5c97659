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
 * Scores a genome on a task (docs/model.md §8): per replica r, synapses drawn from seed (seed, r, 0), an
 * episode drawn from (seed, r, 1), T learning steps, then E query steps whose predictions are
 * scored. Any NaN/Inf ends the evaluation as DIVERGED. A pure function of its arguments: the same
 * inputs give bit-identical results on any machine. Thread-safe (no shared state).
 */
public final class InnerLoop {
    /**
     * Networks kept per thread and shape: allocating one costs as much as a whole unroll of the
     * paper's ES setting, so a thread reuses it for every genome of that shape.
     */
    private static final ThreadLocal<NetworkPool> NETWORKS = ThreadLocal.withInitial(NetworkPool::new);

    private InnerLoop() {
    }

    /**
     * Per-thread caches: networks by (spec, batch, precision), and the last few initial synapses and
     * episodes by their seeds. Within a generation every genome draws the same synapses and batches
     * (common random numbers), so they are drawn once per thread instead of once per genome. Both
     * are pure functions of their keys, so caching never changes a result.
     */
    private static final class NetworkPool {
        private static final int MAX_SHAPES = 4;
        private static final int MAX_DRAWS = 8;
        private final java.util.Map<List<Object>, BlurNetwork> byShape = new java.util.LinkedHashMap<>();
        private final java.util.Map<List<Object>, org.blurevolve.network.Synapses> synapses = lru();
        private final java.util.Map<List<Object>, Episode> episodes = lru();

        private static <V> java.util.Map<List<Object>, V> lru() {
            return new java.util.LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<List<Object>, V> eldest) {
                    return size() > MAX_DRAWS;
                }
            };
        }

        org.blurevolve.network.Synapses synapses(NetworkSpec spec, long seed) {
            return synapses.computeIfAbsent(List.of(spec, seed), k -> org.blurevolve.network.SynapseInit.draw(spec, seed));
        }

        Episode episode(Task task, long seed, UnrollSettings s) {
            return episodes.computeIfAbsent(List.of(task, seed, s.batch(), s.learningSteps(), s.queryBatches()),
                    k -> task.episode(seed, s.batch(), s.learningSteps(), s.queryBatches()));
        }

        BlurNetwork obtain(NetworkSpec spec, Genome genome, UnrollSettings s) {
            List<Object> key = List.of(spec, s.batch(), s.precision());
            BlurNetwork net = byShape.get(key);
            if (net == null) {
                if (byShape.size() >= MAX_SHAPES) {
                    byShape.clear();
                }
                net = new BlurNetwork(spec, genome, s.batch(), s.precision());
                byShape.put(key, net);
            } else {
                net.setGenome(genome);
            }
            return net;
        }
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
        BlurNetwork network = NETWORKS.get().obtain(net, genome, settings);
        double accuracy = 0;
        double ce = 0;
        double l2 = 0;
        double[] y = new double[settings.batch() * net.outputs()];
        for (int r = 0; r < settings.replicas(); r++) {
            NetworkPool pool = NETWORKS.get();
            network.setSynapses(pool.synapses(net, Seeds.derive(seed, r, 0)));
            Episode episode = pool.episode(task, Seeds.derive(seed, r, 1), settings);
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
