package org.blurevolve.fitness;

import java.util.List;
import org.blurevolve.genome.Genome;
import org.blurevolve.network.BlurNetwork;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.task.Batch;
import org.blurevolve.task.Episode;
import org.blurevolve.task.Seeds;
import org.blurevolve.task.Task;

/**
 * Scores a genome on a task (docs/model.md §8): per replica r, synapses drawn from seed (seed, r, 0), an
 * episode drawn from (seed, r, 1), T learning steps; at each horizon the E·B query samples are scored
 * forward-only on a second network that takes over the learning network's states, synapses and
 * statistics, so query steps never disturb the unroll. Any NaN/Inf, or synapses beyond the settings'
 * synapse limit, ends the evaluation as DIVERGED (at that horizon and every later one). A pure function of its arguments: the same inputs give
 * bit-identical results on any machine. Thread-safe (no shared state).
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
        private static final int MAX_SHAPES = 6;
        private static final int MAX_DRAWS = 8;
        /**
         * Limits of a query network that scores several query batches in one pass: its rows, and the
         * floats of one layer's K states (about 4 MB). Larger probes ran slower (their layers leave the
         * cache between mixing, GEMM and σ; docs/performance-notes.md, "Query batches in one pass").
         */
        static final int MAX_QUERY_ROWS = 1024;
        static final int MAX_QUERY_LAYER_FLOATS = 1 << 20;
        private final double[][] scratch = new double[3][];

        /** Per-thread buffer {@code i} of exactly {@code length} values, reused while the length stays. */
        double[] scratch(int i, int length) {
            if (scratch[i] == null || scratch[i].length != length) {
                scratch[i] = new double[length];
            }
            return scratch[i];
        }
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

        /** The learning network ({@code query} false) or a query network of batch {@code batch}. */
        BlurNetwork obtain(NetworkSpec spec, Genome genome, int batch, Precision precision, boolean query) {
            return obtain(spec, genome, batch, batch, precision, query);
        }

        /** A network of {@code batch} samples in statistics segments of {@code segment}. */
        BlurNetwork obtain(NetworkSpec spec, Genome genome, int batch, int segment, Precision precision, boolean query) {
            List<Object> key = List.of(spec, batch, segment, precision, query);
            BlurNetwork net = byShape.get(key);
            if (net == null) {
                if (byShape.size() >= MAX_SHAPES) {
                    byShape.clear();
                }
                net = new BlurNetwork(spec, genome, batch, segment, precision);
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

    /**
     * Evaluates {@code genome} on {@code task} with the settings' query mode: per horizon the mean over
     * replicas, then the horizons combined by the settings' aggregate (each score separately). Never
     * throws for a diverging genome; any horizon that did not end OK makes the result not OK. An OK
     * result's steps are T, or ⌈P·T⌉ with a synapse-limit projection P (it lasts at least that long, so
     * summed over tasks it never counts less than a projected runaway's).
     */
    public static FitnessResult evaluate(NetworkSpec spec, Genome genome, Task task, UnrollSettings settings, long seed) {
        FitnessResult[][] byHorizon = evaluateHorizons(spec, genome, task, settings, seed, List.of(settings.query()));
        int h = byHorizon.length;
        double[][] scores = new double[3][h];
        for (int i = 0; i < h; i++) {
            FitnessResult r = byHorizon[i][0];
            if (r.status() != EvaluationStatus.OK) {
                return FitnessResult.failed(r.status(), r.steps());
            }
            scores[0][i] = r.accuracy();
            scores[1][i] = r.negCrossEntropy();
            scores[2][i] = r.negL2();
        }
        HorizonAggregate a = settings.aggregate();
        return new FitnessResult(EvaluationStatus.OK, a.of(scores[0]), a.of(scores[1]), a.of(scores[2]),
                Math.max(byHorizon[h - 1][0].steps(), settings.projectedSteps()));
    }

    /**
     * Scores every horizon of the settings with every query mode, from one unroll per replica:
     * result[h][m] is horizon h with mode m, averaged over replicas; DIVERGED or TIMEOUT from the
     * step where that happened on.
     */
    public static FitnessResult[][] evaluateHorizons(NetworkSpec spec, Genome genome, Task task, UnrollSettings settings,
                                                     long seed, List<QueryMode> modes) {
        NetworkSpec net = fitted(spec, task);
        long deadline = settings.timeBudgetSeconds() > 0
                ? System.nanoTime() + (long) (settings.timeBudgetSeconds() * 1e9) : Long.MAX_VALUE;
        NetworkPool pool = NETWORKS.get();
        BlurNetwork network = pool.obtain(net, genome, settings.batch(), settings.precision(), false);
        List<Integer> horizons = settings.horizons();
        HorizonScores sums = new HorizonScores(horizons, modes.size());
        int end = settings.learningSteps();
        int half = (end + 1) / 2;
        boolean project = settings.synapseLimitProjection() > 0 && half < end;
        for (int r = 0; r < settings.replicas(); r++) {
            network.setSynapses(pool.synapses(net, Seeds.derive(seed, r, 0)));
            Episode episode = pool.episode(task, Seeds.derive(seed, r, 1), settings);
            int step = 0;
            double[] atHalf = null;
            boolean stopped = false;
            for (int h = 0; h < horizons.size() && !sums.allFailed(); h++) {
                EvaluationStatus status = EvaluationStatus.OK;
                for (; step < horizons.get(h) && status == EvaluationStatus.OK; step++) {
                    Batch b = episode.support().get(step);
                    network.learn(b.inputs(), b.targets());
                    status = !network.withinLimit(settings.synapseLimit()) ? EvaluationStatus.DIVERGED
                            : System.nanoTime() > deadline ? EvaluationStatus.TIMEOUT : EvaluationStatus.OK;
                    if (project && step + 1 == half) {
                        atHalf = network.synapseMeanAbs();
                    }
                }
                if (status != EvaluationStatus.OK) {
                    sums.failFrom(h, status, status == EvaluationStatus.TIMEOUT ? step : step - 1);
                    stopped = true;
                    break;
                }
                for (int m = 0; m < modes.size(); m++) {
                    QueryMode mode = modes.get(m);
                    List<Batch> query = mode.cut(episode.query());
                    sums.add(h, m, inOnePass(net, settings, query)
                            ? scoreTogether(pool, net, genome, settings.precision(), network, query)
                            : score(restored(pool, net, genome, mode.batch(), settings, network), query, net.outputs()));
                }
            }
            // only a replica that ran all its steps within the limit is projected
            if (project && !stopped && !sums.allFailed()) {
                double crossing = projectedCrossing(atHalf, network.synapseMeanAbs(), half, end, settings.synapseLimit());
                if (crossing < settings.synapseLimitProjection() * end) {
                    sums.failAll(EvaluationStatus.DIVERGED, (int) Math.floor(crossing));
                }
            }
        }
        return sums.results(settings.replicas());
    }

    /**
     * The step at which the first synapse block would pass {@code limit} if each block kept growing
     * geometrically at its rate between steps {@code half} and {@code end}: end + ln(limit / m_end) /
     * r, r = ln(m_end / m_half) / (end − half), over the blocks that grew (docs/model.md §8, "Projected
     * runaway"); +∞ when none grew. StrictMath, so every JVM projects the same step.
     */
    static double projectedCrossing(double[] atHalf, double[] atEnd, int half, int end, double limit) {
        double first = Double.POSITIVE_INFINITY;
        for (int i = 0; i < atEnd.length; i++) {
            if (atEnd[i] > atHalf[i] && atHalf[i] > 0) {
                double rate = StrictMath.log(atEnd[i] / atHalf[i]) / (end - half);
                first = Math.min(first, end + StrictMath.log(limit / atEnd[i]) / rate);
            }
        }
        return first;
    }

    private static BlurNetwork restored(NetworkPool pool, NetworkSpec net, Genome genome, int batch,
                                        UnrollSettings settings, BlurNetwork learned) {
        BlurNetwork probe = pool.obtain(net, genome, batch, settings.precision(), true);
        probe.restoreFrom(learned);
        return probe;
    }

    /**
     * Whether the query batches can run as forward passes over several batches at once (groups within
     * {@link NetworkPool#MAX_QUERY_ROWS} rows and {@link NetworkPool#MAX_QUERY_LAYER_FLOATS} floats per
     * layer): no query step reads what an earlier one left
     * (BlurNetwork.queriesIndependent), on the float path, which gives each batch its own statistics and
     * the same bits as one step per batch (docs/architecture.md, "Performance").
     */
    private static boolean inOnePass(NetworkSpec net, UnrollSettings settings, List<Batch> query) {
        return settings.precision().floatStorage() && query.size() > 1 && BlurNetwork.queriesIndependent(net);
    }

    /** Scores the query batches in as few forward passes as the caps allow; null when a prediction is not finite. */
    private static QueryScore scoreTogether(NetworkPool pool, NetworkSpec net, Genome genome, Precision precision,
                                            BlurNetwork learned, List<Batch> query) {
        int per = query.get(0).size();
        int widest = net.sizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int maxRows = Math.min(NetworkPool.MAX_QUERY_ROWS,
                NetworkPool.MAX_QUERY_LAYER_FLOATS / (net.k() * (widest + 1)));
        int group = query.size();
        while (group > 1 && (group * per > maxRows || query.size() % group != 0)) {
            group--;
        }
        BlurNetwork probe = pool.obtain(net, genome, group * per, per, precision, true);
        probe.restoreFrom(learned);
        int outputs = net.outputs();
        QueryScore score = new QueryScore(outputs);
        double[] x = pool.scratch(0, group * per * net.inputs());
        double[] yAll = pool.scratch(1, group * per * outputs);
        double[] y = pool.scratch(2, per * outputs);
        for (int first = 0; first < query.size(); first += group) {
            for (int b = 0; b < group; b++) {
                double[] in = query.get(first + b).inputs();
                System.arraycopy(in, 0, x, b * in.length, in.length);
            }
            probe.infer(x);
            probe.outputs(yAll);
            for (int b = 0; b < group; b++) {
                System.arraycopy(yAll, b * y.length, y, 0, y.length);
                if (!score.add(query.get(first + b), y)) {
                    return null;
                }
            }
        }
        return score;
    }

    /** Runs the query batches forward-only; null when a prediction is not finite. */
    private static QueryScore score(BlurNetwork probe, List<Batch> query, int outputs) {
        QueryScore score = new QueryScore(outputs);
        double[] y = new double[probe.batch() * outputs];
        for (Batch b : query) {
            probe.infer(b.inputs());
            probe.outputs(y);
            if (!score.add(b, y)) {
                return null;
            }
        }
        return score;
    }
}
