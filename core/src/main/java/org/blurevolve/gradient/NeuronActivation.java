package org.blurevolve.gradient;

import org.blurevolve.network.Activation;

/**
 * a = σ(N(z)) for one state of one layer (docs/model.md §3 steps 3 and 5, §5 activation
 * normalisation with batch statistics) and its adjoint. z is a compact B×n block; a is written into
 * a state block with row stride n+1 (the bias column is left alone). The forward records what the
 * adjoint needs: the normalised pre-activation ẑ, x̂ = (z − μ)/√(v + ε) and 1/√(v + ε) per neuron.
 */
final class NeuronActivation {
    private static final double EPS = 1e-5;

    private NeuronActivation() {
    }

    /** Forward; {@code zn}, {@code xhat} share z's layout, {@code invStd} holds n values at statOff. */
    static void forward(double[] z, int zOff, int batch, int width, boolean normalize, Rules r, Activation sigma,
                        double[] zn, double[] xhat, double[] invStd, int statOff, double[] a, int aOff) {
        if (normalize) {
            for (int j = 0; j < width; j++) {
                double mean = 0;
                for (int b = 0; b < batch; b++) {
                    mean += z[zOff + b * width + j];
                }
                mean /= batch;
                double var = 0;
                for (int b = 0; b < batch; b++) {
                    double d = z[zOff + b * width + j] - mean;
                    var += d * d;
                }
                double root = Math.sqrt(var / batch + EPS);
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
     * normalising (the standard batch-normalisation backward).
     */
    static void reverse(double[] a, double[] aBar, int aOff, int batch, int width, boolean normalize, Rules r, Activation sigma,
                        double[] zn, double[] xhat, double[] invStd, int statOff, int zOff, double[] zBar,
                        double[] grad) {
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
            double scale = r.gamma * invStd[statOff + j];
            double meanG = sumG / batch;
            double meanGx = sumGx / batch;
            for (int b = 0; b < batch; b++) {
                int at = zOff + b * width + j;
                zBar[at] = scale * (zBar[at] - meanG - xhat[at] * meanGx);
            }
        }
        grad[r.gammaGene()] += gammaBar;
        grad[r.shiftGene()] += shiftBar;
    }
}
