package org.blurevolve.baseline;

import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.QueryScore;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.network.Activation;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.SynapseInit;
import org.blurevolve.network.Synapses;
import org.blurevolve.task.Batch;
import org.blurevolve.task.Episode;
import org.blurevolve.task.Seeds;
import org.blurevolve.task.Task;

/**
 * The gradient baselines of docs/model.md §8 on the same MLP a BLUR network would use: the spec's layer
 * sizes, hidden activation {@code hidden} (its derivative from the exact function), a linear output,
 * softmax cross-entropy averaged over the batch (logistic loss for one output), the same synapse
 * init (channel 0 of the replica's F, seed (seed, r, 0)) and the same episodes (seed (seed, r, 1))
 * as {@link InnerLoop}, so a genome and an optimiser are compared on identical data. Plain Java,
 * double precision; thread-safe.
 */
public final class MlpBaseline {
    private MlpBaseline() {
    }

    /** Trains for T steps and scores the query batches, averaged over replicas. */
    public static FitnessResult evaluate(NetworkSpec baseSpec, Activation hidden, Optimizer opt, Task task,
                                         UnrollSettings s, long seed) {
        NetworkSpec spec = InnerLoop.fitted(baseSpec, task);
        double acc = 0;
        double ce = 0;
        double l2 = 0;
        for (int r = 0; r < s.replicas(); r++) {
            Mlp mlp = new Mlp(spec, hidden, SynapseInit.draw(spec, Seeds.derive(seed, r, 0)), opt);
            Episode e = task.episode(Seeds.derive(seed, r, 1), s.batch(), s.learningSteps(), s.queryBatches());
            for (Batch b : e.support()) {
                mlp.step(b);
                if (!mlp.isFinite()) {
                    return FitnessResult.failed(EvaluationStatus.DIVERGED);
                }
            }
            QueryScore score = new QueryScore(spec.outputs());
            for (Batch b : e.query()) {
                if (!score.add(b, mlp.predict(b))) {
                    return FitnessResult.failed(EvaluationStatus.DIVERGED);
                }
            }
            acc += score.accuracy();
            ce += score.negCrossEntropy();
            l2 += score.negL2();
        }
        return new FitnessResult(EvaluationStatus.OK, acc / s.replicas(), ce / s.replicas(), l2 / s.replicas());
    }

    /** An MLP with weights W[l][(n_l+1)·n_{l+1}] (last row the bias) and its optimiser state. */
    static final class Mlp {
        private final int[] n;
        private final Activation hidden;
        private final Optimizer opt;
        final double[][] w;
        private final double[][] m;
        private final double[][] v;
        private int t;

        Mlp(NetworkSpec spec, Activation hidden, Synapses init, Optimizer opt) {
            this.n = spec.sizes().stream().mapToInt(Integer::intValue).toArray();
            this.hidden = hidden;
            this.opt = opt;
            int layers = n.length - 1;
            w = new double[layers][];
            m = new double[layers][];
            v = new double[layers][];
            for (int l = 0; l < layers; l++) {
                w[l] = new double[(n[l] + 1) * n[l + 1]];
                for (int i = 0; i <= n[l]; i++) {
                    for (int j = 0; j < n[l + 1]; j++) {
                        w[l][i * n[l + 1] + j] = init.f(l, i, j, 0);
                    }
                }
                m[l] = new double[w[l].length];
                v[l] = new double[w[l].length];
            }
        }

        /** Activations per layer (h[0] = x, h[L] = logits) and pre-activations z. */
        private double[][][] forward(Batch b) {
            int layers = n.length - 1;
            double[][] h = new double[layers + 1][];
            double[][] z = new double[layers + 1][];
            h[0] = b.inputs();
            for (int l = 0; l < layers; l++) {
                int in = n[l];
                int out = n[l + 1];
                double[] zl = new double[b.size() * out];
                for (int s = 0; s < b.size(); s++) {
                    System.arraycopy(w[l], in * out, zl, s * out, out);
                    for (int i = 0; i < in; i++) {
                        double x = h[l][s * in + i];
                        if (x != 0) {
                            for (int j = 0; j < out; j++) {
                                zl[s * out + j] += x * w[l][i * out + j];
                            }
                        }
                    }
                }
                z[l + 1] = zl;
                if (l + 1 == layers) {
                    h[l + 1] = zl;
                } else {
                    double[] hl = zl.clone();
                    hidden.applyRows(hl, 1, hl.length, hl.length, false);
                    h[l + 1] = hl;
                }
            }
            return new double[][][] {h, z};
        }

        double[] predict(Batch b) {
            return forward(b)[0][n.length - 1];
        }

        void step(Batch b) {
            double[][][] fz = forward(b);
            double[][] h = fz[0];
            double[][] z = fz[1];
            int layers = n.length - 1;
            double[] delta = outputGradient(b, h[layers]);
            for (int l = layers - 1; l >= 0; l--) {
                int in = n[l];
                int out = n[l + 1];
                double[] grad = new double[w[l].length];
                double[] back = l > 0 ? new double[b.size() * in] : null;
                for (int s = 0; s < b.size(); s++) {
                    for (int i = 0; i <= in; i++) {
                        double x = i == in ? 1.0 : h[l][s * in + i];
                        double sum = 0;
                        for (int j = 0; j < out; j++) {
                            double d = delta[s * out + j];
                            grad[i * out + j] += x * d;
                            if (back != null && i < in) {
                                sum += w[l][i * out + j] * d;
                            }
                        }
                        if (back != null && i < in) {
                            back[s * in + i] = sum * derivative(z[l][s * in + i]);
                        }
                    }
                }
                apply(l, grad);
                delta = back;
            }
            t++;
        }

        private double derivative(double x) {
            double e = 1e-6;
            return switch (hidden) {
                case TANH -> 1 - Math.tanh(x) * Math.tanh(x);
                case RELU_TANH -> x > 0 ? 1 - Math.tanh(x) * Math.tanh(x) : 0;
                case RELU -> x > 0 ? 1 : 0;
                case SIGMOID -> Activation.SIGMOID_DERIVATIVE.apply(x);
                case IDENTITY -> 1;
                default -> (hidden.apply(x + e) - hidden.apply(x - e)) / (2 * e);
            };
        }

        /** dLoss/dlogits averaged over the batch: softmax − onehot, or logistic for one output. */
        private double[] outputGradient(Batch b, double[] logits) {
            int out = n[n.length - 1];
            double[] g = new double[logits.length];
            for (int s = 0; s < b.size(); s++) {
                if (out == 1) {
                    double t = b.targets()[s];
                    g[s] = -t / (1 + Math.exp(t * logits[s])) / b.size();
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < out; j++) {
                    max = Math.max(max, logits[s * out + j]);
                }
                double sum = 0;
                for (int j = 0; j < out; j++) {
                    sum += Math.exp(logits[s * out + j] - max);
                }
                for (int j = 0; j < out; j++) {
                    double p = Math.exp(logits[s * out + j] - max) / sum;
                    g[s * out + j] = (p - (j == b.labels()[s] ? 1 : 0)) / b.size();
                }
            }
            return g;
        }

        private void apply(int l, double[] grad) {
            double lr = opt.learningRate();
            double[] wl = w[l];
            switch (opt.kind()) {
                case SGD -> {
                    for (int i = 0; i < wl.length; i++) {
                        wl[i] -= lr * grad[i];
                    }
                }
                case MOMENTUM -> {
                    for (int i = 0; i < wl.length; i++) {
                        m[l][i] = opt.momentum() * m[l][i] + grad[i];
                        wl[i] -= lr * m[l][i];
                    }
                }
                case ADAM -> {
                    double b1 = opt.momentum();
                    double b2 = opt.beta2();
                    double c1 = 1 - Math.pow(b1, t + 1);
                    double c2 = 1 - Math.pow(b2, t + 1);
                    for (int i = 0; i < wl.length; i++) {
                        m[l][i] = b1 * m[l][i] + (1 - b1) * grad[i];
                        v[l][i] = b2 * v[l][i] + (1 - b2) * grad[i] * grad[i];
                        wl[i] -= lr * (m[l][i] / c1) / (Math.sqrt(v[l][i] / c2) + opt.epsilon());
                    }
                }
            }
        }

        boolean isFinite() {
            for (double[] wl : w) {
                for (double x : wl) {
                    if (!Double.isFinite(x)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
