package org.blurevolve.gradient;

import org.blurevolve.network.Activation;

/**
 * a = σ(N(z)) for one state of one layer (docs/model.md §3 steps 3 and 5, §5 activation
 * normalisation) and its adjoint. z is a compact B×n block; a is written into a state block with
 * row stride n+1 (the bias column is left alone). The forward records what the adjoint needs: the
 * normalised pre-activation ẑ, x̂ = (z − μ)/√(v + ε) and 1/√(v + ε) per neuron.
 *
 * <p>The statistics μ, v are the batch's (biased variance), or with SUPPORT statistics on a
 * forward-only step the frozen averages Σμ_t/T, Σv_t/T of the learning steps; a learning step's
 * forward pass with SUPPORT statistics adds its μ, v to the sums ({@link Statistics}).
 */
final class NeuronActivation {
    private static final double EPS = 1e-5;

    private NeuronActivation() {
    }

    /**
     * The SUPPORT sums one normalisation reads or extends, at offset {@code at} (c·n): frozen
     * (forward-only step: μ = mean[at+j]/count) or accumulating (learning step: mean[at+j] += μ).
     * The adjoint arrays receive d(loss)/d(sum).
     */
    record Statistics(boolean frozen, double[] mean, double[] var, int count, int at, double[] meanBar,
                      double[] varBar) {
    }

    /**
     * Forward; {@code zn}, {@code xhat} share z's layout, {@code invStd} holds n values at statOff;
     * {@code stats} null for batch statistics without sums.
     */
    static void forward(double[] z, int zOff, int batch, int width, boolean normalize, Statistics stats, Rules r,
                        Activation sigma, double[] zn, double[] xhat, double[] invStd, int statOff, double[] a, int aOff) {
        if (normalize) {
            for (int j = 0; j < width; j++) {
                double mean;
                double var;
                if (stats != null && stats.frozen()) {
                    mean = stats.mean()[stats.at() + j] / stats.count();
                    var = stats.var()[stats.at() + j] / stats.count();
                } else {
                    mean = 0;
                    for (int b = 0; b < batch; b++) {
                        mean += z[zOff + b * width + j];
                    }
                    mean /= batch;
                    var = 0;
                    for (int b = 0; b < batch; b++) {
                        double d = z[zOff + b * width + j] - mean;
                        var += d * d;
                    }
                    var /= batch;
                    if (stats != null) {
                        stats.mean()[stats.at() + j] += mean;
                        stats.var()[stats.at() + j] += var;
                    }
                }
                double root = Math.sqrt(var + EPS);
                double scale = r.gamma / root;
                invStd[statOff + j] = 1.0 / root;
                for (int b = 0; b < batch; b++) {
                    int at = zOff + b * width + j;
                    zn[at] = (z[at] - mean) * scale + r.shift;
                    xhat[at] = (z[at] - mean) / root;
                }
            }
        } else {
            System.arraycopy(z, zOff, zn, zOff, batch * width);
        }
        for (int b = 0; b < batch; b++) {
            System.arraycopy(zn, zOff + b * width, a, aOff + b * (width + 1), width);
        }
        sigma.applyRows(a, aOff, batch, width, width + 1, false);
    }

    /**
     * Adjoint: from ā (state layout) to z̄ (compact, overwritten), with a = σ(ẑ) the forward's output
     * (tanh-family derivatives are taken from it: 1 − a²); γ̄ and β̄ into the genes when
     * normalising (the standard batch-normalisation backward). With SUPPORT sums: frozen statistics
     * pass their adjoint to the sums' (μ = Σμ/T, v = Σv/T); accumulated ones add the sums' adjoint
     * through μ_t and v_t (dμ/dz_b = 1/B, dv/dz_b = 2(z_b − μ)/B).
     */
    static void reverse(double[] a, double[] aBar, int aOff, int batch, int width, boolean normalize, Statistics stats,
                        Rules r, Activation sigma, double[] zn, double[] xhat, double[] invStd, int statOff, int zOff,
                        double[] zBar, double[] grad) {
        for (int b = 0; b < batch; b++) {
            int row = aOff + b * (width + 1);
            int at = zOff + b * width;
            switch (sigma) {
                case IDENTITY -> System.arraycopy(aBar, row, zBar, at, width);
                case TANH, RELU_TANH -> {
                    for (int j = 0; j < width; j++) {
                        double y = a[row + j];
                        zBar[at + j] = y > 0 || sigma == Activation.TANH ? aBar[row + j] * (1.0 - y * y) : 0.0;
                    }
                }
                default -> {
                    for (int j = 0; j < width; j++) {
                        zBar[at + j] = aBar[row + j] * sigma.derivative(zn[at + j]);
                    }
                }
            }
        }
        if (!normalize) {
            return;
        }
        double gammaBar = 0;
        double shiftBar = 0;
        for (int j = 0; j < width; j++) {
            double sumG = 0;
            double sumGx = 0;
            for (int b = 0; b < batch; b++) {
                int at = zOff + b * width + j;
                sumG += zBar[at];
                sumGx += zBar[at] * xhat[at];
            }
            shiftBar += sumG;
            gammaBar += sumGx;
            double inv = invStd[statOff + j];
            double scale = r.gamma * inv;
            if (stats != null && stats.frozen()) {
                stats.meanBar()[stats.at() + j] -= scale * sumG / stats.count();
                stats.varBar()[stats.at() + j] -= 0.5 * scale * inv * sumGx / stats.count();
                for (int b = 0; b < batch; b++) {
                    zBar[zOff + b * width + j] *= scale;
                }
                continue;
            }
            double meanG = sumG / batch;
            double meanGx = sumGx / batch;
            double sumMeanBar = stats == null ? 0.0 : stats.meanBar()[stats.at() + j] / batch;
            double sumVarBar = stats == null ? 0.0 : 2.0 * stats.varBar()[stats.at() + j] / (batch * inv);
            for (int b = 0; b < batch; b++) {
                int at = zOff + b * width + j;
                zBar[at] = scale * (zBar[at] - meanG - xhat[at] * meanGx) + sumMeanBar + sumVarBar * xhat[at];
            }
        }
        grad[r.gammaGene()] += gammaBar;
        grad[r.shiftGene()] += shiftBar;
    }
}
