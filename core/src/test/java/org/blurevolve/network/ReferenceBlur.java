package org.blurevolve.network;

import org.blurevolve.genome.Genome;
import org.blurevolve.genome.LayerRule;
import org.blurevolve.genome.OptionalScalar;

/**
 * A deliberately naive BLUR implementation for tests only: double loops over the spec's own
 * indices (docs/model.md §3–5), arrays a[l][b][i][k], F[l][i][j][c], G[l][j][i][c], no layout tricks,
 * no BLAS. It shares nothing with the production code but the value types.
 */
final class ReferenceBlur {
    private final NetworkSpec spec;
    private final Genome genome;
    private final int k;
    private final int layers;
    private final int batch;
    private final int[] n;
    final double[][][][] a;
    final double[][][][] f;
    final double[][][][] g;
    /** Per learning step, per layer l ≥ 1: the forward pass's batch mean and variance [j][c]. */
    private final java.util.List<double[][][]> stepMeans = new java.util.ArrayList<>();
    private final java.util.List<double[][][]> stepVars = new java.util.ArrayList<>();
    private boolean learning;

    ReferenceBlur(NetworkSpec spec, Genome genome, int batch, Synapses init) {
        this.spec = spec;
        this.genome = genome;
        this.k = spec.k();
        this.layers = spec.layers();
        this.batch = batch;
        this.n = spec.sizes().stream().mapToInt(Integer::intValue).toArray();
        a = new double[layers + 1][][][];
        for (int l = 0; l <= layers; l++) {
            a[l] = new double[batch][n[l]][k];
        }
        f = new double[layers][][][];
        g = new double[layers][][][];
        for (int l = 0; l < layers; l++) {
            f[l] = new double[n[l] + 1][n[l + 1]][k];
            g[l] = new double[n[l + 1]][n[l]][k];
            for (int i = 0; i <= n[l]; i++) {
                for (int j = 0; j < n[l + 1]; j++) {
                    for (int c = 0; c < k; c++) {
                        f[l][i][j][c] = init.f(l, i, j, c);
                        if (i < n[l]) {
                            g[l][j][i][c] = init.g(l, j, i, c);
                        }
                    }
                }
            }
        }
    }

    void learn(double[] x, double[] t) {
        learning = true;
        stepMeans.add(new double[layers + 1][][]);
        stepVars.add(new double[layers + 1][][]);
        step(x, t);
    }

    void infer(double[] x) {
        learning = false;
        step(x, null);
    }

    private void step(double[] x, double[] t) {
        if (spec.zeroNeurons()) {
            for (double[][][] layer : a) {
                for (double[][] row : layer) {
                    for (double[] s : row) {
                        java.util.Arrays.fill(s, 0.0);
                    }
                }
            }
        }
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n[0]; i++) {
                a[0][b][i][0] = x[b * n[0] + i];
                for (int c = 1; c < k; c++) {
                    a[0][b][i][c] = 0.0;
                }
            }
        }
        SynapseNormalization norm = spec.stabilizers().normalization();
        if (norm == SynapseNormalization.STORED) {
            for (int l = 0; l < layers; l++) {
                f[l] = normalized(f[l]);
                g[l] = normalized(g[l]);
            }
        }
        double[][][][] fr = new double[layers][][][];
        double[][][][] gr = new double[layers][][][];
        for (int l = 0; l < layers; l++) {
            fr[l] = norm == SynapseNormalization.IN_ACTIVATIONS ? normalized(f[l]) : f[l];
            gr[l] = norm == SynapseNormalization.IN_ACTIVATIONS ? normalized(g[l]) : g[l];
        }
        for (int l = 0; l < layers; l++) {
            forward(l, fr[l]);
        }
        if (t == null) {
            return;
        }
        double[][][][] forwardStates = copyStates();
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < n[layers]; j++) {
                double y = a[layers][b][j][0];
                double target = t[b * n[layers] + j];
                a[layers][b][j][1] = spec.feedback() == Feedback.ERROR ? y - target : target;
                for (int c = 2; c < k; c++) {
                    a[layers][b][j][c] = 0.0;
                }
            }
        }
        for (int l = layers - 1; l >= 1; l--) {
            backward(l, gr[l]);
        }
        for (int l = 0; l < layers; l++) {
            double[][][] pre = spec.hebbianInputs() == HebbianInputs.PRE_FROM_FORWARD ? forwardStates[l] : a[l];
            hebbian(l, pre, a[l + 1]);
        }
    }

    private double[][][][] copyStates() {
        double[][][][] out = new double[layers + 1][][][];
        for (int l = 0; l <= layers; l++) {
            out[l] = new double[batch][n[l]][];
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < n[l]; i++) {
                    out[l][b][i] = a[l][b][i].clone();
                }
            }
        }
        return out;
    }

    /** ā^l[b][i][k]: the bias neuron (i = n_l) is 1 in every state. */
    private double abar(double[][][] states, int b, int i, int c, int size) {
        return i == size ? 1.0 : states[b][i][c];
    }

    private void forward(int l, double[][][] fl) {
        LayerRule r = genome.rule(l);
        double[][][] z = new double[batch][n[l + 1]][k];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < n[l + 1]; j++) {
                for (int c = 0; c < k; c++) {
                    double u = 0;
                    for (int i = 0; i <= n[l]; i++) {
                        double mixed = 0;
                        for (int kk = 0; kk < k; kk++) {
                            mixed += abar(a[l], b, i, kk, n[l]) * r.phi()[kk * k + c];
                        }
                        u += fl[i][j][c] * mixed;
                    }
                    z[b][j][c] = r.keep() * a[l + 1][b][j][c] + r.update() * u;
                }
            }
        }
        StateActivations sigma = l + 1 == layers ? spec.output() : spec.forward();
        activate(z, sigma, l + 1, true);
        a[l + 1] = z;
    }

    private void backward(int l, double[][][] gl) {
        LayerRule r = genome.rule(l);
        double[][][] z = new double[batch][n[l]][k];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n[l]; i++) {
                for (int c = 0; c < k; c++) {
                    double v = 0;
                    for (int j = 0; j < n[l + 1]; j++) {
                        double mixed = 0;
                        for (int kk = 0; kk < k; kk++) {
                            mixed += a[l + 1][b][j][kk] * r.psi()[kk * k + c];
                        }
                        v += gl[j][i][c] * mixed;
                    }
                    double old = a[l][b][i][c];
                    z[b][i][c] = switch (spec.backwardMode()) {
                        case ADDITIVE -> r.keep() * old + r.update() * v;
                        case MULTIPLICATIVE -> r.keep() * old * v;
                        case MULT_SECOND_STATE -> c == 0 ? r.keep() * old : r.keep() * old * v;
                    };
                }
            }
        }
        activate(z, spec.backward(), l, false);
        a[l] = z;
    }

    /**
     * §5 activation normalisation of layer l, then σ. SUPPORT statistics: a learning step's forward
     * pass records its batch μ and v; a forward-only step's forward pass uses their plain average over
     * the recorded steps.
     */
    private void activate(double[][][] z, StateActivations sigma, int l, boolean forwardPass) {
        int width = z[0].length;
        Stabilizers st = spec.stabilizers();
        boolean support = forwardPass && st.activationStatistics() == ActivationStatistics.SUPPORT;
        if (st.activationNormalization() && (l < layers || st.normalizeOutput())) {
            double gamma = genome.scalar(OptionalScalar.NORM_GAIN);
            double beta = genome.scalar(OptionalScalar.NORM_SHIFT);
            double[][] means = new double[width][k];
            double[][] vars = new double[width][k];
            for (int j = 0; j < width; j++) {
                for (int c = 0; c < k; c++) {
                    double mean = 0;
                    double var = 0;
                    if (support && !learning) {
                        for (int t = 0; t < stepMeans.size(); t++) {
                            mean += stepMeans.get(t)[l][j][c];
                            var += stepVars.get(t)[l][j][c];
                        }
                        mean /= stepMeans.size();
                        var /= stepMeans.size();
                    } else {
                        for (int b = 0; b < batch; b++) {
                            mean += z[b][j][c];
                        }
                        mean /= batch;
                        for (int b = 0; b < batch; b++) {
                            var += (z[b][j][c] - mean) * (z[b][j][c] - mean);
                        }
                        var /= batch;
                    }
                    means[j][c] = mean;
                    vars[j][c] = var;
                    for (int b = 0; b < batch; b++) {
                        z[b][j][c] = gamma * (z[b][j][c] - mean) / Math.sqrt(var + 1e-5) + beta;
                    }
                }
            }
            if (support && learning) {
                stepMeans.get(stepMeans.size() - 1)[l] = means;
                stepVars.get(stepVars.size() - 1)[l] = vars;
            }
        }
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < width; j++) {
                for (int c = 0; c < k; c++) {
                    z[b][j][c] = sigma.forState(c).apply(z[b][j][c]);
                }
            }
        }
    }

    private void hebbian(int l, double[][][] p, double[][][] q) {
        LayerRule r = genome.rule(l);
        double[] pm = r.pre();
        double[] qm = r.post();
        double[][][] df = new double[n[l] + 1][n[l + 1]][k];
        double[][][] dg = new double[n[l + 1]][n[l]][k];
        for (int i = 0; i <= n[l]; i++) {
            for (int j = 0; j < n[l + 1]; j++) {
                for (int o = 0; o < k; o++) {
                    double sumF = 0;
                    double sumG = 0;
                    for (int b = 0; b < batch; b++) {
                        double rowF = 0;
                        double colF = 0;
                        double rowG = 0;
                        double colG = 0;
                        for (int kk = 0; kk < k; kk++) {
                            rowF += abar(p, b, i, kk, n[l]) * pm[kk * k + o];
                            colF += qm[o * k + kk] * q[b][j][kk];
                            rowG += q[b][j][kk] * pm[kk * k + o];
                            colG += qm[o * k + kk] * abar(p, b, i, kk, n[l]);
                        }
                        sumF += rowF * colF;
                        sumG += rowG * colG;
                    }
                    df[i][j][o] = sumF;
                    if (i < n[l]) {
                        dg[j][i][o] = sumG;
                    }
                }
            }
        }
        if (spec.symmetry() == SynapseSymmetry.SYMMETRIC) {
            for (int i = 0; i < n[l]; i++) {
                for (int j = 0; j < n[l + 1]; j++) {
                    dg[j][i] = df[i][j].clone();
                }
            }
        }
        if (spec.synapseStates() == SynapseStates.SINGLE_STATE) {
            singleState(df);
            singleState(dg);
        }
        f[l] = updated(f[l], df, r);
        g[l] = updated(g[l], dg, r);
    }

    private void singleState(double[][][] d) {
        for (double[][] row : d) {
            for (double[] cell : row) {
                for (int c = 1; c < k; c++) {
                    cell[c] = cell[0];
                }
            }
        }
    }

    private double[][][] updated(double[][][] x, double[][][] dx, LayerRule r) {
        Stabilizers st = spec.stabilizers();
        double mOja = genome.scalar(OptionalScalar.OJA);
        double sSat = genome.scalar(OptionalScalar.SATURATION);
        int rows = x.length;
        int cols = x[0].length;
        double[][][] out = new double[rows][cols][k];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                for (int o = 0; o < k; o++) {
                    double oja = 0;
                    if (st.oja()) {
                        double colSq = 0;
                        for (int rr = 0; rr < rows; rr++) {
                            colSq += x[rr][j][o] * x[rr][j][o];
                        }
                        oja = -Math.abs(mOja) * Math.signum(r.synUpdate()) * x[i][j][o] * colSq;
                    }
                    double v;
                    if (st.saturation()) {
                        double d = (r.synKeep() - 1) * x[i][j][o] + r.synUpdate() * (dx[i][j][o] + oja);
                        d *= Math.exp(-Math.abs(x[i][j][o]) * (st.saturationEpsilon() + Math.abs(sSat)));
                        v = x[i][j][o] + d;
                    } else {
                        v = r.synKeep() * x[i][j][o] + r.synUpdate() * (dx[i][j][o] + oja);
                    }
                    out[i][j][o] = spec.synapse().forState(o).apply(v);
                }
            }
        }
        return out;
    }

    private double[][][] normalized(double[][][] x) {
        double rho = spec.stabilizers().rescale() ? genome.scalar(OptionalScalar.RESCALE) : 1.0;
        int rows = x.length;
        int cols = x[0].length;
        double[][][] out = new double[rows][cols][k];
        for (int j = 0; j < cols; j++) {
            for (int o = 0; o < k; o++) {
                double sum = 0;
                for (int rr = 0; rr < rows; rr++) {
                    sum += x[rr][j][o] * x[rr][j][o];
                }
                for (int rr = 0; rr < rows; rr++) {
                    out[rr][j][o] = x[rr][j][o] / Math.sqrt(sum + 1e-9) * rho;
                }
            }
        }
        return out;
    }
}
