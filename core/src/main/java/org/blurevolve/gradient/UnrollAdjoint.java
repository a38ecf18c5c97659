package org.blurevolve.gradient;

import java.util.ArrayList;
import java.util.List;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.QueryScore;
import org.blurevolve.genome.Genome;
import org.blurevolve.network.BlurNetwork;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Synapses;
import org.blurevolve.task.Batch;
import org.blurevolve.task.Episode;

/**
 * The meta-gradient of one replica (docs/model.md §9): the unroll of T learning steps and E query
 * steps run forward keeping the start state of every S-th step (S = recompute-every), then
 * reversed segment by segment: each segment's start states are recomputed from its checkpoint, and
 * each step is re-run with its records and reversed. Memory: (T+E)/S + S step states; work: two
 * forward runs (three when S > 1) and the adjoint. Computed in double. Not thread-safe: one thread
 * owns one instance.
 */
final class UnrollAdjoint {
    private final Shape s;
    private final NetworkSpec spec;
    private final SynapsePasses syn;
    private final NeuronPasses neurons;

    UnrollAdjoint(NetworkSpec spec, int batch) {
        this.spec = spec;
        this.s = new Shape(spec, batch);
        this.syn = new SynapsePasses(s, spec);
        this.neurons = new NeuronPasses(s, spec, syn);
    }

    /** Loss, accuracy and gene gradient of one replica; DIVERGED when any value is NaN or Inf. */
    GradientResult replica(Genome genome, Synapses init, Episode episode, MetaLoss loss, int recomputeEvery,
                           long deadlineNanos) {
        BlurNetwork.checkGenomeFits(spec, genome);
        Rules rules = new Rules(genome, s.layers, spec.stabilizers());
        syn.setRules(rules);
        neurons.setRules(rules);
        List<Batch> steps = new ArrayList<>(episode.support());
        steps.addAll(episode.query());
        int learning = episode.support().size();
        long samples = episode.query().stream().mapToLong(Batch::size).sum();
        int count = steps.size();
        ReplicaState[] checkpoints = new ReplicaState[count];
        double[][] yBar = new double[count][];
        QueryScore score = new QueryScore(s.n[s.layers]);
        ReplicaState state = initial(init);
        for (int i = 0; i < count; i++) {
            if (i % recomputeEvery == 0) {
                checkpoints[i] = state;
            }
            Batch b = steps.get(i);
            state = advance(state, b, i < learning);
            if (i >= learning) {
                double[] y = neurons.prediction();
                if (!score.add(b, y)) {
                    return GradientResult.failed(EvaluationStatus.DIVERGED);
                }
                yBar[i] = loss.adjoint(b, y, s.n[s.layers], samples);
            }
            if (!finite(state)) {
                return GradientResult.failed(EvaluationStatus.DIVERGED);
            }
            if (System.nanoTime() > deadlineNanos) {
                return GradientResult.failed(EvaluationStatus.TIMEOUT);
            }
        }
        double[] grad = new double[rules.length()];
        ReplicaState bar = ReplicaState.zeros(s);
        for (int from = (count - 1) / recomputeEvery * recomputeEvery; from >= 0; from -= recomputeEvery) {
            int to = Math.min(from + recomputeEvery, count);
            ReplicaState[] starts = new ReplicaState[to - from];
            starts[0] = checkpoints[from];
            for (int i = from + 1; i < to; i++) {
                starts[i - from] = advance(starts[i - from - 1], steps.get(i - 1), i - 1 < learning);
            }
            for (int i = to - 1; i >= from; i--) {
                bar = reverse(starts[i - from], steps.get(i), i < learning, bar, yBar[i], grad);
            }
        }
        for (double g : grad) {
            if (!Double.isFinite(g)) {
                return GradientResult.failed(EvaluationStatus.DIVERGED);
            }
        }
        return new GradientResult(EvaluationStatus.OK, loss.of(score), score.accuracy(), grad);
    }

    /** One step forward, recording its intermediates; returns the next step's start state. */
    private ReplicaState advance(ReplicaState in, Batch b, boolean learn) {
        syn.prepare(in);
        neurons.forward(in, b.inputs(), b.targets(), learn);
        if (!learn) {
            return new ReplicaState(syn.fS.clone(), syn.gS.clone(), neurons.endStates(false));
        }
        double[][][] next = syn.hebbian(pre(), post());
        return new ReplicaState(next[0], next[1], neurons.endStates(true));
    }

    /** The adjoint of one step: from the adjoint of its output state to that of its input state. */
    private ReplicaState reverse(ReplicaState in, Batch b, boolean learn, ReplicaState outBar, double[] yBar,
                                 double[] grad) {
        syn.prepare(in);
        neurons.forward(in, b.inputs(), b.targets(), learn);
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
            double[][] p = pre();
            double[][] q = post();
            syn.hebbian(p, q);
            double[][] pBar = new double[s.layers][];
            double[][] qBar = new double[s.layers][];
            for (int l = 0; l < s.layers; l++) {
                pBar[l] = neurons.preBar(l);
                qBar[l] = neurons.postBar[l + 1];
            }
            double[][][] x = syn.hebbianReverse(outBar, p, q, pBar, qBar, grad);
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
        double[][] startBar = neurons.forwardReverse(grad);
        ReplicaState synBar = syn.prepareReverse(xF, xG, grad);
        return new ReplicaState(synBar.forward(), synBar.backward(), startBar);
    }

    private double[][] pre() {
        double[][] p = new double[s.layers][];
        for (int l = 0; l < s.layers; l++) {
            p[l] = neurons.pre(l);
        }
        return p;
    }

    private double[][] post() {
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
        return new ReplicaState(f, g, a);
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
