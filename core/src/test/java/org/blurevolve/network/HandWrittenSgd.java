package org.blurevolve.network;

/**
 * An independent plain-Java MLP trained by SGD, as docs/model.md §6 specifies it: z_l = [h_{l−1},1]W_l,
 * h_l = tanh(z_l) for hidden layers, y = z_L; δ_L = dLoss/dy, δ_l = (1 − h_l²) ⊙ (δ_{l+1}
 * W_{l+1}[0:n_l]ᵀ); W_l ← W_l − lr·Σ_b [h_{l−1},1]ᵀδ_l. Weights are W[l][i][j], i ≤ n_l.
 */
final class HandWrittenSgd {
    /** The output gradient used: ½‖y − t‖² (δ = y − t) or the linear loss −t·y (δ = −t). */
    enum Loss { SQUARED, LINEAR }

    final double[][][] w;
    private final int[] n;

    HandWrittenSgd(int[] sizes, double[][][] init) {
        this.n = sizes.clone();
        this.w = new double[init.length][][];
        for (int l = 0; l < init.length; l++) {
            w[l] = new double[init[l].length][];
            for (int i = 0; i < init[l].length; i++) {
                w[l][i] = init[l][i].clone();
            }
        }
    }

    /** Forward pass for every sample: h[l][b][j], with h[L] = y. */
    double[][][] forward(double[][] x) {
        int layers = w.length;
        double[][][] h = new double[layers + 1][][];
        h[0] = x;
        for (int l = 0; l < layers; l++) {
            h[l + 1] = new double[x.length][n[l + 1]];
            for (int b = 0; b < x.length; b++) {
                for (int j = 0; j < n[l + 1]; j++) {
                    double z = w[l][n[l]][j];
                    for (int i = 0; i < n[l]; i++) {
                        z += h[l][b][i] * w[l][i][j];
                    }
                    h[l + 1][b][j] = l + 1 == layers ? z : Math.tanh(z);
                }
            }
        }
        return h;
    }

    /** One SGD step on a batch; returns the predictions of its forward pass. */
    double[][] step(double[][] x, double[][] t, double lr, Loss loss) {
        int layers = w.length;
        double[][][] h = forward(x);
        double[][][] delta = new double[layers + 1][][];
        delta[layers] = new double[x.length][n[layers]];
        for (int b = 0; b < x.length; b++) {
            for (int j = 0; j < n[layers]; j++) {
                delta[layers][b][j] = loss == Loss.SQUARED ? h[layers][b][j] - t[b][j] : -t[b][j];
            }
        }
        for (int l = layers - 1; l >= 1; l--) {
            delta[l] = new double[x.length][n[l]];
            for (int b = 0; b < x.length; b++) {
                for (int i = 0; i < n[l]; i++) {
                    double back = 0;
                    for (int j = 0; j < n[l + 1]; j++) {
                        back += delta[l + 1][b][j] * w[l][i][j];
                    }
                    delta[l][b][i] = (1 - h[l][b][i] * h[l][b][i]) * back;
                }
            }
        }
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i <= n[l]; i++) {
                for (int j = 0; j < n[l + 1]; j++) {
                    double grad = 0;
                    for (int b = 0; b < x.length; b++) {
                        double in = i == n[l] ? 1.0 : h[l][b][i];
                        grad += in * delta[l + 1][b][j];
                    }
                    w[l][i][j] -= lr * grad;
                }
            }
        }
        return h[layers];
    }
}
