package org.blurevolve.gradient;

/**
 * The K×K state mixes of docs/model.md §2 on channel-first blocks of {@code cols} values, and their
 * adjoints. {@code transpose} selects dst_c = Σ_k M[k,c]·src_k (Φ, Ψ, P: row = state read);
 * otherwise dst_o = Σ_m M[o,m]·src_m (Q).
 */
final class Mixing {
    private Mixing() {
    }

    static void mix(double[] m, int k, boolean transpose, double[] src, double[] dst, int cols) {
        double[] w = weights(m, k, transpose);
        if (k == 2) {
            double w00 = w[0];
            double w01 = w[1];
            double w10 = w[2];
            double w11 = w[3];
            for (int i = 0; i < cols; i++) {
                double s0 = src[i];
                double s1 = src[cols + i];
                dst[i] = w00 * s0 + w01 * s1;
                dst[cols + i] = w10 * s0 + w11 * s1;
            }
            return;
        }
        for (int c = 0; c < k; c++) {
            int d = c * cols;
            double w0 = w[c * k];
            for (int i = 0; i < cols; i++) {
                dst[d + i] = w0 * src[i];
            }
            for (int j = 1; j < k; j++) {
                double wj = w[c * k + j];
                int s = j * cols;
                for (int i = 0; i < cols; i++) {
                    dst[d + i] += wj * src[s + i];
                }
            }
        }
    }

    /** w[c·K + j] = the weight of source state j in produced state c. */
    private static double[] weights(double[] m, int k, boolean transpose) {
        double[] w = new double[k * k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < k; j++) {
                w[c * k + j] = transpose ? m[j * k + c] : m[c * k + j];
            }
        }
        return w;
    }

    /**
     * Adjoint of {@link #mix}: src̄ += Mᵀ-mix of dst̄ (when {@code srcBar} is not null) and the
     * genes of M (starting at {@code gene(r, c)} from {@code rules}) += Σ src·dst̄. One sweep per
     * source state reads every dst̄ block once.
     */
    static void reverse(double[] m, int k, boolean transpose, double[] src, double[] dstBar, double[] srcBar,
                        int cols, double[] grad, Rules rules, int layer, int which) {
        double[] w = weights(m, k, transpose);
        double[] dots = new double[k];
        for (int j = 0; j < k; j++) {
            int s = j * cols;
            java.util.Arrays.fill(dots, 0.0);
            if (k == 2) {
                double w0 = w[j];
                double w1 = w[2 + j];
                double dot0 = 0;
                double dot1 = 0;
                for (int i = 0; i < cols; i++) {
                    double d0 = dstBar[i];
                    double d1 = dstBar[cols + i];
                    double v = src[s + i];
                    dot0 += v * d0;
                    dot1 += v * d1;
                    if (srcBar != null) {
                        srcBar[s + i] += w0 * d0 + w1 * d1;
                    }
                }
                dots[0] = dot0;
                dots[1] = dot1;
            } else {
                for (int c = 0; c < k; c++) {
                    int d = c * cols;
                    double wc = w[c * k + j];
                    double dot = 0;
                    for (int i = 0; i < cols; i++) {
                        double g = dstBar[d + i];
                        dot += src[s + i] * g;
                        if (srcBar != null) {
                            srcBar[s + i] += wc * g;
                        }
                    }
                    dots[c] = dot;
                }
            }
            for (int c = 0; c < k; c++) {
                grad[transpose ? rules.matrix(layer, which, j, c) : rules.matrix(layer, which, c, j)] += dots[c];
            }
        }
    }
}
