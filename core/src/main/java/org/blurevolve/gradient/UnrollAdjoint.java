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
 * The meta-gradient of one replica (docs/model.md §10): the unroll of T learning steps run forward,
 * with the E query steps run as a branch from the state after each horizon's learning step, then
 * reversed; each branch's adjoint joins the unroll's adjoint at its start state. With
 * recompute-every S = 0 every learning step's records are kept and reversed directly (one forward
 * run; memory ~ T step records). With S ≥ 1 the forward run keeps the start state of every S-th
 * learning step only, and the reverse pass recomputes each segment of S steps from its checkpoint
 * with records before reversing it (two forward runs; memory ~ T/S states + S records). A branch is
 * recomputed from its start state before it is reversed (E records). Truncation W stops the reverse
 * pass W learning steps before the end. Computed in double. Not thread-safe: one thread owns one
 * instance.
 */
final class UnrollAdjoint {
    private final Shape s;
    private final NetworkSpec spec;
    /** Records of the learning steps (all, or one segment's). */
    private final List<Workspace> pool = new ArrayList<>();
    /** Records of one branch's query steps. */
    private final List<Workspace> branchPool = new ArrayList<>();
    private Rules rules;

    /** The records of one step and the adjoint scratch that reverses it. */
    private record Workspace(SynapsePasses syn, NeuronPasses neurons) {
    }

    UnrollAdjoint(NetworkSpec spec, int batch) {
        this.spec = spec;
        this.s = new Shape(spec, batch);
    }

    private Workspace workspace(List<Workspace> from, int i) {
        while (from.size() <= i) {
            SynapsePasses syn = new SynapsePasses(s, spec);
            from.add(new Workspace(syn, new NeuronPasses(s, spec, syn)));
        }
        Workspace w = from.get(i);
        w.syn().setRules(rules);
        w.neurons().setRules(rules);
        return w;
    }

    private Workspace workspace(int i) {
        return workspace(pool, i);
    }

    /**
     * Loss, scores and gene gradient of one replica; DIVERGED when any value is NaN or Inf, or when a
     * synapse block's mean |value| exceeds {@code synapseLimit} (0: no limit), as in InnerLoop. The
     * loss and the scores are the means over the horizons of the scores of all query samples; the loss
     * adds the settings' synapse penalty λ·ln(P_T / P_1) (docs/model.md §10; 0 when T = 1), and the
     * growth ln(P_T / P_1) itself is reported with or without a penalty.
     */
    GradientResult replica(Genome genome, Synapses init, Episode episode, MetaGradientSettings settings,
                           double synapseLimit, long deadlineNanos) {
        BlurNetwork.checkGenomeFits(spec, genome);
        rules = new Rules(genome, s.layers, spec.stabilizers());
        int learning = settings.steps();
        if (episode.support().size() < learning) {
            throw new IllegalArgumentException("the episode holds " + episode.support().size()
                    + " support batches, the unroll needs " + learning);
        }
        List<Batch> steps = episode.support();
        List<Batch> query = episode.query();
        List<Integer> horizons = settings.horizons();
        long samples = query.stream().mapToLong(Batch::size).sum() * horizons.size();
        int every = settings.recomputeEvery() == 0 ? keptSegment(learning + query.size()) : settings.recomputeEvery();
        boolean keepAll = every >= learning;
        ReplicaState[] checkpoints = new ReplicaState[learning];
        ReplicaState[] branchStarts = new ReplicaState[learning + 1];
        double[][][] yBars = new double[learning + 1][][];
        QueryScore[] scores = new QueryScore[horizons.size()];
        ReplicaState state = initial(init);
        boolean penalised = settings.synapsePenalty() > 0 && learning > 1;
        ReplicaState afterFirst = null;
        int next = 0;
        for (int i = 0; i < learning; i++) {
            if (i % every == 0) {
                checkpoints[i] = state;
            }
            state = advance(workspace(keepAll ? i : 0), state, steps.get(i), true);
            if (i == 0) {
                afterFirst = state;
            }
            if (!finite(state) || (synapseLimit > 0 && runaway(state, synapseLimit))) {
                return GradientResult.failed(EvaluationStatus.DIVERGED);
            }
            if (System.nanoTime() > deadlineNanos) {
                return GradientResult.failed(EvaluationStatus.TIMEOUT);
            }
            if (i + 1 == horizons.get(next)) {
                scores[next] = new QueryScore(s.n[s.layers]);
                yBars[i + 1] = new double[query.size()][];
                EvaluationStatus status = branch(state, query, scores[next], yBars[i + 1], settings.loss(), samples,
                        synapseLimit, deadlineNanos);
                if (status != EvaluationStatus.OK) {
                    return GradientResult.failed(status);
                }
                branchStarts[i + 1] = state;
                next++;
            }
        }
        int stop = settings.truncation() == 0 ? 0 : Math.max(0, learning - settings.truncation());
        double[] grad = new double[rules.length()];
        // the last branch run forward was T's: its records are still in the branch pool
        ReplicaState bar = reverseBranch(null, query, yBars[learning], grad);
        double firstSquares = learning > 1 ? meanSquares(afterFirst) : Double.NaN;
        double squares = learning > 1 ? meanSquares(state) : Double.NaN;
        double growth = Math.log(squares / firstSquares); // NaN when T = 1
        double penalty = 0;
        if (penalised) { // λ·ln(P_T / P_1): the adjoint of ln P_t is ∂P_t/∂X / P_t at the state after step t
            penalty = settings.synapsePenalty() * growth;
            if (!Double.isFinite(penalty)) { // a synapse sum overflowed, or a block is all zeros
                return GradientResult.failed(EvaluationStatus.DIVERGED);
            }
            bar = plus(bar, meanSquaresAdjoint(state, settings.synapsePenalty() / squares));
        }
        for (int from = (learning - 1) / every * every; from + every > stop && from >= 0; from -= every) {
            int to = Math.min(from + every, learning);
            ReplicaState[] starts = new ReplicaState[to - from];
            starts[0] = checkpoints[from];
            if (!keepAll) {
                for (int i = from; i < to; i++) {
                    ReplicaState after = advance(workspace(i - from), starts[i - from], steps.get(i), true);
                    if (i + 1 < to) {
                        starts[i + 1 - from] = after;
                    }
                }
            }
            for (int i = to - 1; i >= Math.max(from, stop); i--) {
                bar = reverse(workspace(i - from), steps.get(i), true, bar, null, grad);
                if (branchStarts[i] != null) {
                    bar = plus(bar, reverseBranch(branchStarts[i], query, yBars[i], grad));
                }
                if (penalised && i == 1) { // bar is now the adjoint of the state after step 1
                    bar = plus(bar, meanSquaresAdjoint(afterFirst, -settings.synapsePenalty() / firstSquares));
                }
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
        return new GradientResult(meanScores(scores, horizons.get(horizons.size() - 1)),
                meanLoss(settings.loss(), scores) + penalty, Double.isFinite(growth) ? growth : Double.NaN, grad);
    }

    /** Σ over the stored synapse blocks (each layer's F, and G when stored) of the block's mean X². */
    private static double meanSquares(ReplicaState st) {
        double sum = 0;
        for (double[] block : storedBlocks(st)) {
            double squares = 0;
            for (double v : block) {
                squares += v * v;
            }
            sum += squares / block.length;
        }
        return sum;
    }

    /** The adjoint of c·{@link #meanSquares}: 2c·X/|block| on every stored synapse (no other part). */
    private static ReplicaState meanSquaresAdjoint(ReplicaState st, double lambda) {
        return new ReplicaState(scaled(st.forward(), lambda), scaled(st.backward(), lambda), null, null, null, 0);
    }

    private static double[][] scaled(double[][] blocks, double lambda) {
        if (blocks == null) {
            return null;
        }
        double[][] out = new double[blocks.length][];
        for (int l = 0; l < blocks.length; l++) {
            double[] x = blocks[l];
            if (x != null) {
                double scale = x.length == 0 ? 0 : 2 * lambda / x.length;
                out[l] = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    out[l][i] = scale * x[i];
                }
            }
        }
        return out;
    }

    /**
     * The query steps from the state after a horizon's learning step, scored into {@code score}, with
     * the loss's adjoint of every prediction into {@code yBar}; DIVERGED on a non-finite prediction or
     * state, TIMEOUT past the deadline.
     */
    private EvaluationStatus branch(ReplicaState start, List<Batch> query, QueryScore score, double[][] yBar,
                                    MetaLoss loss, long samples, double synapseLimit, long deadlineNanos) {
        ReplicaState state = start;
        for (int q = 0; q < query.size(); q++) {
            Batch b = query.get(q);
            Workspace w = workspace(branchPool, q);
            state = advance(w, state, b, false);
            double[] y = w.neurons().prediction();
            if (!score.add(b, y)) {
                return EvaluationStatus.DIVERGED;
            }
            yBar[q] = loss.adjoint(b, y, s.n[s.layers], samples);
            if (!finite(state) || (synapseLimit > 0 && runaway(state, synapseLimit))) {
                return EvaluationStatus.DIVERGED;
            }
            if (System.nanoTime() > deadlineNanos) {
                return EvaluationStatus.TIMEOUT;
            }
        }
        return EvaluationStatus.OK;
    }

    /**
     * The adjoint of a branch's start state: its query steps recomputed with records from
     * {@code start} (null: the branch pool holds this branch's records already), then reversed.
     */
    private ReplicaState reverseBranch(ReplicaState start, List<Batch> query, double[][] yBar, double[] grad) {
        ReplicaState state = start;
        for (int q = 0; start != null && q < query.size(); q++) {
            state = advance(workspace(branchPool, q), state, query.get(q), false);
        }
        ReplicaState bar = ReplicaState.zeros(s, support());
        for (int q = query.size() - 1; q >= 0; q--) {
            bar = reverse(workspace(branchPool, q), query.get(q), false, bar, yBar[q], grad);
        }
        return bar;
    }

    /** The mean over horizons of the scores of all query samples. */
    private static FitnessResult meanScores(QueryScore[] scores, int steps) {
        double accuracy = 0;
        double ce = 0;
        double l2 = 0;
        for (QueryScore q : scores) {
            accuracy += q.accuracy();
            ce += q.negCrossEntropy();
            l2 += q.negL2();
        }
        int n = scores.length;
        return new FitnessResult(EvaluationStatus.OK, accuracy / n, ce / n, l2 / n, steps);
    }

    private static double meanLoss(MetaLoss loss, QueryScore[] scores) {
        double sum = 0;
        for (QueryScore q : scores) {
            sum += loss.of(q);
        }
        return sum / scores.length;
    }

    /** a + b, element by element, in new arrays (null blocks count as zero). */
    private static ReplicaState plus(ReplicaState a, ReplicaState b) {
        return new ReplicaState(plus(a.forward(), b.forward()), plus(a.backward(), b.backward()),
                plus(a.neurons(), b.neurons()), plus(a.meanSums(), b.meanSums()), plus(a.varSums(), b.varSums()), 0);
    }

    private static double[][] plus(double[][] a, double[][] b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        double[][] out = new double[Math.max(a.length, b.length)][];
        for (int l = 0; l < out.length; l++) {
            double[] x = l < a.length ? a[l] : null;
            double[] y = l < b.length ? b[l] : null;
            if (x == null || y == null) {
                out[l] = x == null ? (y == null ? null : y.clone()) : x.clone();
            } else {
                out[l] = x.clone();
                for (int i = 0; i < y.length; i++) {
                    out[l][i] += y[i];
                }
            }
        }
        return out;
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
        for (double[] block : storedBlocks(st)) {
            double sum = 0;
            for (double v : block) {
                sum += Math.abs(v);
            }
            if (!(sum / block.length <= limit)) {
                return true;
            }
        }
        return false;
    }

    /** The non-empty stored synapse blocks of a state: each layer's F, and G when stored. */
    private static List<double[]> storedBlocks(ReplicaState st) {
        List<double[]> out = new ArrayList<>();
        for (double[][] blocks : new double[][][] {st.forward(), st.backward()}) {
            if (blocks != null) {
                for (double[] block : blocks) {
                    if (block != null && block.length > 0) {
                        out.add(block);
                    }
                }
            }
        }
        return out;
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
