package org.blurevolve.baseline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.blurevolve.network.Activation;
import org.blurevolve.network.FloatConversions;
import org.blurevolve.network.HeapGemm;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.network.Synapses;
import org.blurevolve.task.Batch;

/**
 * The baseline MLP (docs/model.md §8) and its optimiser state: weights W[l] of (n_l+1)×n_{l+1} (last
 * row the bias), hidden activation σ, linear output, softmax cross-entropy averaged over the batch
 * (logistic loss for one output), optional batch normalisation of hidden pre-activations with
 * per-neuron γ (init 1) and β (init 0) trained by the same optimiser. The three matrix products of a
 * layer (forward, weight gradient, input gradient) are OpenBLAS gemm through {@link HeapGemm}, with
 * each weight matrix held off-heap as a {@link HeapGemm.Resident} copied once per update, the rest
 * plain Java, one thread. In {@link Precision#DOUBLE} everything is double, tanh exact. In
 * {@link Precision#FLOAT}, as a BLUR network's float path: the products are sgemm, every stored value
 * (weights, optimiser moments, activations, gradients) is rounded to float, elementwise arithmetic is
 * done in double between stores, tanh is {@link Activation#applyRows}' float-path approximation, and
 * the tanh derivative is 1 − h² of the stored activation h. Buffers are allocated once per batch size
 * and reused: a step or a query allocates only the logits it returns.
 */
final class Mlp {
    private static final double EPS = 1e-5;
    private final int[] n;
    private final int layers;
    private final Activation hidden;
    private final Optimizer opt;
    private final BatchNorm norm;
    private final Precision precision;
    /** Precision is FLOAT: values are rounded to float when stored. */
    private final boolean single;
    /** W[0..L−1], then γ and β of every hidden layer l = 1..L−1 when normalised. */
    final double[][] p;
    /** The weight matrices p[0..L−1] as gemm operands, copied off-heap again after each update. */
    private final HeapGemm.Resident[] weights;
    private final double[][] m;
    private final double[][] v;
    private final double[][] meanSum;
    private final double[][] varSum;
    /** The gradient of each block of p, overwritten by every step. */
    private final double[][] gradient;
    /** Buffers per batch size (the support batch, the query batches). */
    private final Map<Integer, Pass> passes = new HashMap<>();
    private int t;

    Mlp(NetworkSpec spec, Activation hidden, Synapses init, Optimizer opt, BatchNorm norm, Precision precision) {
        this.n = spec.sizes().stream().mapToInt(Integer::intValue).toArray();
        this.layers = n.length - 1;
        this.hidden = hidden;
        this.opt = opt;
        this.norm = norm;
        this.precision = precision;
        this.single = precision.floatStorage();
        int count = layers + (norm == BatchNorm.NONE ? 0 : 2 * (layers - 1));
        p = new double[count][];
        for (int l = 0; l < layers; l++) {
            p[l] = new double[(n[l] + 1) * n[l + 1]];
            for (int i = 0; i <= n[l]; i++) {
                for (int j = 0; j < n[l + 1]; j++) {
                    p[l][i * n[l + 1] + j] = store(init.f(l, i, j, 0));
                }
            }
        }
        weights = new HeapGemm.Resident[layers];
        for (int l = 0; l < layers; l++) {
            weights[l] = new HeapGemm.Resident(precision, p[l]);
        }
        meanSum = new double[layers][];
        varSum = new double[layers][];
        for (int l = 1; l < layers && norm != BatchNorm.NONE; l++) {
            p[gamma(l)] = new double[n[l]];
            Arrays.fill(p[gamma(l)], 1.0);
            p[gamma(l) + 1] = new double[n[l]];
            meanSum[l] = new double[n[l]];
            varSum[l] = new double[n[l]];
        }
        m = new double[count][];
        v = new double[count][];
        gradient = new double[count][];
        for (int i = 0; i < count; i++) {
            m[i] = new double[p[i].length];
            v[i] = new double[p[i].length];
            gradient[i] = new double[p[i].length];
        }
    }

    private int gamma(int l) {
        return layers + 2 * (l - 1);
    }

    /** x as stored: rounded to float in FLOAT precision. */
    private double store(double x) {
        return single ? (float) x : x;
    }

    /** Rounds a whole array to float in FLOAT precision. */
    private void store(double[] x) {
        store(x, 0, x.length);
    }

    /** Rounds x[from, to) to float in FLOAT precision. */
    private void store(double[] x, int from, int to) {
        if (single) {
            FloatConversions.round(x, from, to);
        }
    }

    /** Whether the float path takes σ' from the stored activation h = σ(a) (tanh-based σ only). */
    private boolean derivativeFromActivation() {
        return single && (hidden == Activation.TANH || hidden == Activation.RELU_TANH);
    }

    /**
     * The buffers of passes over batches of one size, allocated once and reused by every step and
     * query of that size: h[l] activations (h[0] = the batch's inputs, h[L] = logits), a[l] the σ
     * inputs (when σ' needs them), x̂ and 1/√(v+ε) of normalised layers, the output gradient, the
     * input gradients back[l] and the batch-norm dLoss/dz.
     */
    private final class Pass {
        final double[][] h = new double[layers + 1][];
        final double[][] a = new double[layers + 1][];
        final double[][] xhat = new double[layers + 1][];
        final double[][] invStd = new double[layers + 1][];
        final double[][] back = new double[layers][];
        final double[][] dz = new double[layers][];
        final double[] delta;

        Pass(int rows) {
            for (int l = 1; l <= layers; l++) {
                h[l] = new double[rows * n[l]];
            }
            for (int l = 1; l < layers; l++) {
                a[l] = derivativeFromActivation() ? null : new double[rows * n[l]];
                back[l] = new double[rows * n[l]];
                if (norm != BatchNorm.NONE) {
                    xhat[l] = new double[rows * n[l]];
                    invStd[l] = new double[n[l]];
                    dz[l] = new double[rows * n[l]];
                }
            }
            delta = new double[rows * n[layers]];
        }
    }

    /** The buffers for batches of {@code rows} samples. */
    private Pass pass(int rows) {
        return passes.computeIfAbsent(rows, Pass::new);
    }

    private Pass forward(Batch b, boolean learning) {
        int rows = b.size();
        Pass f = pass(rows);
        f.h[0] = b.inputs();
        for (int l = 0; l < layers; l++) {
            int in = n[l];
            int out = n[l + 1];
            double[] w = p[l];
            double[] z = f.h[l + 1];
            for (int s = 0; s < rows; s++) {
                System.arraycopy(w, in * out, z, s * out, out);
            }
            HeapGemm.gemm(false, false, rows, out, in, 1.0, f.h[l], 0, in, weights[l], out, 1.0, z, 0, out);
            if (l + 1 == layers) {
                break;
            }
            if (norm != BatchNorm.NONE) {
                normalize(l + 1, z, rows, learning, f);
            }
            if (!derivativeFromActivation()) {
                System.arraycopy(z, 0, f.a[l + 1], 0, z.length);
            }
            hidden.applyRows(z, 1, z.length, z.length, single);
            store(z);
        }
        return f;
    }

    /** z ← γ·(z − μ)/√(v + ε) + β per neuron; μ, v of the batch, or the SUPPORT averages on a query. */
    private void normalize(int l, double[] z, int rows, boolean learning, Pass f) {
        int width = n[l];
        double[] xhat = f.xhat[l];
        double[] inv = f.invStd[l];
        boolean frozen = norm == BatchNorm.SUPPORT && !learning;
        if (frozen && t == 0) {
            throw new IllegalStateException("support statistics need a training step before a query");
        }
        for (int j = 0; j < width; j++) {
            double mean = 0;
            double var = 0;
            if (frozen) {
                mean = meanSum[l][j] / t;
                var = varSum[l][j] / t;
            } else {
                for (int s = 0; s < rows; s++) {
                    mean += z[s * width + j];
                }
                mean /= rows;
                for (int s = 0; s < rows; s++) {
                    double d = z[s * width + j] - mean;
                    var += d * d;
                }
                var /= rows;
                if (learning && norm == BatchNorm.SUPPORT) {
                    meanSum[l][j] += mean;
                    varSum[l][j] += var;
                }
            }
            inv[j] = 1 / Math.sqrt(var + EPS);
            double g = p[gamma(l)][j];
            double beta = p[gamma(l) + 1][j];
            for (int s = 0; s < rows; s++) {
                int at = s * width + j;
                xhat[at] = store((z[at] - mean) * inv[j]);
                z[at] = store(g * xhat[at] + beta);
            }
        }
    }

    /** The logits of a query batch (B×n_L), a new array. */
    double[] predict(Batch b) {
        return forward(b, false).h[layers].clone();
    }

    /** One training step on a batch: gradient of the mean loss, then the optimiser's update. */
    void step(Batch b) {
        Pass f = forward(b, true);
        int rows = b.size();
        double[] delta = outputGradient(b, f.h[layers], f.delta);
        for (int l = layers - 1; l >= 0; l--) {
            int in = n[l];
            int out = n[l + 1];
            double[] grad = gradient[l];
            double[] back = l > 0 ? f.back[l] : null;
            HeapGemm.gemm(precision, true, false, in, out, rows, 1.0, f.h[l], 0, in, delta, 0, out, 0.0, grad, 0, out);
            Arrays.fill(grad, in * out, grad.length, 0.0);
            for (int s = 0; s < rows; s++) {
                for (int j = 0; j < out; j++) {
                    grad[in * out + j] += delta[s * out + j];
                }
            }
            store(grad, in * out, grad.length);
            if (back != null) {
                HeapGemm.gemm(false, true, rows, in, out, 1.0, delta, 0, out, weights[l], out, 0.0, back, 0, in);
                if (derivativeFromActivation()) {
                    double[] h = f.h[l];
                    if (hidden == Activation.TANH) {
                        for (int at = 0; at < back.length; at++) {
                            back[at] *= 1 - h[at] * h[at];
                        }
                    } else {
                        // h = max(0, tanh a) lies in [0, 1], so ⌈h⌉ is the step a > 0 without a branch
                        for (int at = 0; at < back.length; at++) {
                            back[at] *= (1 - h[at] * h[at]) * Math.ceil(h[at]);
                        }
                    }
                    store(back);
                } else {
                    for (int at = 0; at < back.length; at++) {
                        back[at] = store(back[at] * derivative(f.a[l][at]));
                    }
                }
            }
            if (back != null && norm != BatchNorm.NONE) {
                back = normalizeBackward(l, back, rows, f);
            }
            apply(l, grad);
            weights[l].changed();
            delta = back;
        }
        t++;
    }

    /** Batch-norm backward: applies the γ, β gradients and returns dLoss/dz. */
    private double[] normalizeBackward(int l, double[] dy, int rows, Pass f) {
        int width = n[l];
        double[] xhat = f.xhat[l];
        double[] g = p[gamma(l)];
        double[] dGamma = gradient[gamma(l)];
        double[] dBeta = gradient[gamma(l) + 1];
        Arrays.fill(dGamma, 0.0);
        Arrays.fill(dBeta, 0.0);
        double[] dz = f.dz[l];
        for (int j = 0; j < width; j++) {
            double meanDx = 0;
            double meanDxX = 0;
            for (int s = 0; s < rows; s++) {
                int at = s * width + j;
                dGamma[j] += dy[at] * xhat[at];
                dBeta[j] += dy[at];
                meanDx += dy[at] * g[j];
                meanDxX += dy[at] * g[j] * xhat[at];
            }
            meanDx /= rows;
            meanDxX /= rows;
            for (int s = 0; s < rows; s++) {
                int at = s * width + j;
                dz[at] = store(f.invStd[l][j] * (dy[at] * g[j] - meanDx - xhat[at] * meanDxX));
            }
        }
        store(dGamma);
        store(dBeta);
        apply(gamma(l), dGamma);
        apply(gamma(l) + 1, dBeta);
        return dz;
    }

    private double derivative(double x) {
        double e = 1e-6;
        return switch (hidden) {
            case TANH -> {
                double t = Math.tanh(x);
                yield 1 - t * t;
            }
            case RELU_TANH -> {
                if (x <= 0) {
                    yield 0;
                }
                double t = Math.tanh(x);
                yield 1 - t * t;
            }
            case RELU -> x > 0 ? 1 : 0;
            case SIGMOID -> Activation.SIGMOID_DERIVATIVE.apply(x);
            case IDENTITY -> 1;
            default -> (hidden.apply(x + e) - hidden.apply(x - e)) / (2 * e);
        };
    }

    /** dLoss/dlogits averaged over the batch into g: softmax − onehot, or logistic for one output. */
    private double[] outputGradient(Batch b, double[] logits, double[] g) {
        int out = n[layers];
        for (int s = 0; s < b.size(); s++) {
            if (out == 1) {
                double target = b.targets()[s];
                g[s] = -target / (1 + Math.exp(target * logits[s])) / b.size();
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
                double prob = Math.exp(logits[s * out + j] - max) / sum;
                g[s * out + j] = (prob - (j == b.labels()[s] ? 1 : 0)) / b.size();
            }
        }
        store(g);
        return g;
    }

    private void apply(int idx, double[] grad) {
        double lr = opt.learningRate();
        double[] w = p[idx];
        switch (opt.kind()) {
            case SGD -> {
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * grad[i];
                }
                store(w);
            }
            case MOMENTUM -> {
                double[] mi = m[idx];
                double mu = opt.momentum();
                for (int i = 0; i < w.length; i++) {
                    mi[i] = mu * mi[i] + grad[i];
                }
                store(mi);
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * mi[i];
                }
                store(w);
            }
            case ADAM -> {
                double b1 = opt.momentum();
                double b2 = opt.beta2();
                double c1 = 1 - Math.pow(b1, t + 1);
                double c2 = 1 - Math.pow(b2, t + 1);
                double[] mi = m[idx];
                double[] vi = v[idx];
                double eps = opt.epsilon();
                for (int i = 0; i < w.length; i++) {
                    mi[i] = b1 * mi[i] + (1 - b1) * grad[i];
                    vi[i] = b2 * vi[i] + (1 - b2) * grad[i] * grad[i];
                }
                store(mi);
                store(vi);
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * (mi[i] / c1) / (Math.sqrt(vi[i] / c2) + eps);
                }
                store(w);
            }
        }
    }

    boolean isFinite() {
        for (double[] w : p) {
            for (double x : w) {
                if (!Double.isFinite(x)) {
                    return false;
                }
            }
        }
        return true;
    }
}
