package org.blurevolve.gradient;

import java.util.ArrayList;
import java.util.List;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.QueryScore;
import org.blurevolve.genome.Genome;
import org.blurevolve.network.BlurNetwork;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Synapses;
import org.blurevolve.task.Batch;
import org.blurevolve.task.Episode;

/**
 * The meta-gradient of one replica (docs/model.md §10): the unroll of T learning steps and E query
 * steps run forward, then reversed. With recompute-every S = 0 every step's records are kept and
 * reversed directly (one forward run; memory ~ T+E step records). With S ≥ 1 the forward run keeps
 * the start state of every S-th step only, and the reverse pass recomputes each segment of S steps
 * from its checkpoint with records before reversing it (two forward runs; memory ~ (T+E)/S states +
 * S records). Truncation W stops the reverse pass W learning steps before the end. Computed in
 * double. Not thread-safe: one thread owns one instance.
 */
final class UnrollAdjoint {
    private final Shape s;
    private final NetworkSpec spec;
    private final List<Workspace> pool = new ArrayList<>();
    private Rules rules;

    /** The records of one step and the adjoint scratch that reverses it. */
    private record Workspace(SynapsePasses syn, NeuronPasses neurons) {
    }

    UnrollAdjoint(NetworkSpec spec, int batch) {
        this.spec = spec;
        this.s = new Shape(spec, batch);
    }

    private Workspace workspace(int i) {
        while (pool.size() <= i) {
            SynapsePasses syn = new SynapsePasses(s, spec);
            pool.add(new Workspace(syn, new NeuronPasses(s, spec, syn)));
        }
        Workspace w = pool.get(i);
        w.syn().setRules(rules);
        w.neurons().setRules(rules);
        return w;
    }

    /**
     * Loss, scores and gene gradient of one replica; DIVERGED when any value is NaN or Inf, or when a
     * synapse block's mean |value| exceeds {@code synapseLimit} (0: no limit), as in InnerLoop.
     */
    GradientResult replica(Genome genome, Synapses init, Episode episode, MetaGradientSettings settings,
                           double synapseLimit, long deadlineNanos) {
        BlurNetwork.checkGenomeFits(spec, genome);
        rules = new Rules(genome, s.layers, spec.stabilizers());
        List<Batch> steps = new ArrayList<>(episode.support());
        steps.addAll(episode.query());
        int learning = episode.support().size();
        long samples = episode.query().stream().mapToLong(Batch::size).sum();
        int count = steps.size();
        int every = settings.recomputeEvery() == 0 ? keptSegment(count) : settings.recomputeEvery();
        boolean keepAll = every >= count;
        ReplicaState[] checkpoints = new ReplicaState[count];
        double[][] yBar = new double[count][];
        QueryScore score = new QueryScore(s.n[s.layers]);
        ReplicaState state = initial(init);
        for (int i = 0; i < count; i++) {
            if (i % every == 0) {
                checkpoints[i] = state;
            }
            Batch b = steps.get(i);
            Workspace w = workspace(keepAll ? i : 0);
            state = advance(w, state, b, i < learning);
            if (i >= learning) {
                double[] y = w.neurons().prediction();
                if (!score.add(b, y)) {
                    return GradientResult.failed(EvaluationStatus.DIVERGED);
                }
                yBar[i] = settings.loss().adjoint(b, y, s.n[s.layers], samples);
            }
            if (!finite(state) || (synapseLimit > 0 && runaway(state, synapseLimit))) {
                return GradientResult.failed(EvaluationStatus.DIVERGED);
            }
            if (System.nanoTime() > deadlineNanos) {
                return GradientResult.failed(EvaluationStatus.TIMEOUT);
            }
        }
        int stop = settings.truncation() == 0 ? 0 : Math.max(0, learning - settings.truncation());
        double[] grad = new double[rules.length()];
        ReplicaState bar = ReplicaState.zeros(s, support());
        for (int from = (count - 1) / every * every; from + every > stop && from >= 0; from -= every) {
            int to = Math.min(from + every, count);
            ReplicaState[] starts = new ReplicaState[to - from];
            starts[0] = checkpoints[from];
            if (!keepAll) {
                for (int i = from; i < to; i++) {
                    ReplicaState next = advance(workspace(i - from), starts[i - from], steps.get(i), i < learning);
                    if (i + 1 < to) {
                        starts[i + 1 - from] = next;
                    }
                }
            }
            for (int i = to - 1; i >= Math.max(from, stop); i--) {
                bar = reverse(workspace(i - from), steps.get(i), i < learning, bar, yBar[i], grad);
            }
        }
        if (pool.size() > every) {
            pool.subList(every, pool.size()).clear(); // release records a longer unroll needed before
        }
        for (double g : grad) {
            if (!Double.isFinite(g)) {
                return GradientResult.failed(EvaluationStatus.DIVERGED);
            }
        }
        FitnessResult scores = new FitnessResult(EvaluationStatus.OK, score.accuracy(), score.negCrossEntropy(),
                score.negL2());
        return new GradientResult(scores, settings.loss().of(score), grad);
    }

    /**
     * The segment length for recompute-every = 0: every step's records (one segment) when they fit
     * in an eighth of the JVM's maximum heap per available processor, else ⌈√count⌉ (memory
     * ~ 2√count steps). Both give identical bits (docs/model.md §10).
     */
    private int keptSegment(int count) {
        long perStep = 0;
        for (int l = 0; l <= s.layers; l++) {
            perStep += 8L * s.stateLength(l) + 6L * s.compactLength(l);
        }
        for (int l = 0; l < s.layers; l++) {
            perStep += 4L * s.forwardLength(l) + (s.implicitG ? 0 : 4L * s.backwardLength(l));
        }
        long budget = Runtime.getRuntime().maxMemory() / 8 / Math.max(1, Runtime.getRuntime().availableProcessors());
        return perStep * 8 * count <= budget ? count : (int) Math.ceil(Math.sqrt(count));
    }

    /** One step forward, recording its intermediates in {@code w}; returns the next step's start state. */
    private ReplicaState advance(Workspace w, ReplicaState in, Batch b, boolean learn) {
        w.syn().prepare(in);
        w.neurons().forward(in, b.inputs(), b.targets(), learn);
        double[][][] stats = w.neurons().statisticsOut();
        double[][] mean = stats == null ? null : stats[0];
        double[][] var = stats == null ? null : stats[1];
        if (!learn) {
            return new ReplicaState(w.syn().fS.clone(), w.syn().gS.clone(), w.neurons().endStates(false), mean, var,
                    w.neurons().learnedOut());
        }
        double[][][] next = w.syn().hebbian(pre(w.neurons()), post(w.neurons()));
        return new ReplicaState(next[0], next[1], w.neurons().endStates(true), mean, var, w.neurons().learnedOut());
    }

    /**
     * The adjoint of the step recorded in {@code w}: from the adjoint of its output state to that of
     * its input state.
     */
    private ReplicaState reverse(Workspace w, Batch b, boolean learn, ReplicaState outBar, double[] yBar,
                                 double[] grad) {
        NeuronPasses neurons = w.neurons();
        SynapsePasses syn = w.syn();
        neurons.clearAdjoints();
        double[][] xF = outBar.forward();
        double[][] xG = outBar.backward();
        double[][] targets = learn ? neurons.postBar : neurons.forwardBar;
        if (outBar.neurons() != null) {
            for (int l = 1; l <= s.layers; l++) {
                add(targets[l], outBar.neurons()[l]);
            }
        }
        if (learn) {
            double[][] pBar = new double[s.layers][];
            double[][] qBar = new double[s.layers][];
            for (int l = 0; l < s.layers; l++) {
                pBar[l] = neurons.preBar(l);
                qBar[l] = neurons.postBar[l + 1];
            }
            double[][][] x = syn.hebbianReverse(outBar, pre(neurons), post(neurons), pBar, qBar, grad);
            xF = x[0];
            xG = x[1];
            neurons.learnReverse(grad);
        } else {
            int nL = s.n[s.layers];
            double[] top = neurons.forwardBar[s.layers];
            for (int i = 0; i < s.batch; i++) {
                for (int j = 0; j < nL; j++) {
                    top[i * (nL + 1) + j] += yBar[i * nL + j];
                }
            }
        }
        double[][] startBar = neurons.forwardReverse(grad, outBar.meanSums(), outBar.varSums());
        ReplicaState synBar = syn.prepareReverse(xF, xG, grad);
        return new ReplicaState(synBar.forward(), synBar.backward(), startBar, outBar.meanSums(), outBar.varSums(), 0);
    }

    private double[][] pre(NeuronPasses neurons) {
        double[][] p = new double[s.layers][];
        for (int l = 0; l < s.layers; l++) {
            p[l] = neurons.pre(l);
        }
        return p;
    }

    private double[][] post(NeuronPasses neurons) {
        double[][] q = new double[s.layers][];
        for (int l = 0; l < s.layers; l++) {
            q[l] = neurons.postStates[l + 1];
        }
        return q;
    }

    /** A replica's first state: the drawn synapses in channel-first layout, every neuron reset. */
    private ReplicaState initial(Synapses init) {
        double[][] f = new double[s.layers][];
        double[][] g = new double[s.layers][];
        for (int l = 0; l < s.layers; l++) {
            int nIn = s.n[l];
            int nOut = s.n[l + 1];
            f[l] = new double[s.forwardLength(l)];
            g[l] = s.implicitG ? null : new double[s.backwardLength(l)];
            for (int o = 0; o < s.ks; o++) {
                for (int i = 0; i <= nIn; i++) {
                    for (int j = 0; j < nOut; j++) {
                        f[l][s.forward(l, o) + i * nOut + j] = init.f(l, i, j, o);
                    }
                }
                if (g[l] != null) {
                    for (int j = 0; j < nOut; j++) {
                        for (int i = 0; i < nIn; i++) {
                            g[l][s.backward(l, o) + j * nIn + i] = init.g(l, j, i, o);
                        }
                    }
                }
            }
        }
        double[][] a = null;
        if (!spec.zeroNeurons()) {
            a = new double[s.layers + 1][];
            for (int l = 1; l <= s.layers; l++) {
                a[l] = s.resetState(l);
            }
        }
        boolean stats = support();
        return new ReplicaState(f, g, a, stats ? ReplicaState.sums(s) : null, stats ? ReplicaState.sums(s) : null, 0);
    }

    private boolean support() {
        return spec.stabilizers().activationNormalization()
                && spec.stabilizers().activationStatistics() == org.blurevolve.network.ActivationStatistics.SUPPORT;
    }

    /** Whether some stored synapse block's mean |value| exceeds the limit (docs/model.md §8). */
    private static boolean runaway(ReplicaState st, double limit) {
        for (double[][] blocks : new double[][][] {st.forward(), st.backward()}) {
            if (blocks != null) {
                for (double[] block : blocks) {
                    if (block != null && block.length > 0) {
                        double sum = 0;
                        for (double v : block) {
                            sum += Math.abs(v);
                        }
                        if (!(sum / block.length <= limit)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean finite(ReplicaState st) {
        return finite(st.forward()) && finite(st.backward()) && finite(st.neurons());
    }

    private static boolean finite(double[][] arrays) {
        if (arrays == null) {
            return true;
        }
        for (double[] a : arrays) {
            if (a != null) {
                for (double v : a) {
                    if (!Double.isFinite(v)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static void add(double[] dst, double[] src) {
        if (src != null) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] += src[i];
            }
        }
    }
}
