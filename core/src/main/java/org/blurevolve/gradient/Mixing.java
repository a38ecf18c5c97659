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
     * genes of M (starting at {@code gene(r, c)} from {@code rules}) += Σ src·dst̄.
     */
    static void reverse(double[] m, int k, boolean transpose, double[] src, double[] dstBar, double[] srcBar,
                        int cols, double[] grad, Rules rules, int layer, int which) {
        double[] w = weights(m, k, transpose);
        for (int c = 0; c < k; c++) {
            int d = c * cols;
            for (int j = 0; j < k; j++) {
                int s = j * cols;
                double dot = 0;
                for (int i = 0; i < cols; i++) {
                    dot += src[s + i] * dstBar[d + i];
                }
                grad[transpose ? rules.matrix(layer, which, j, c) : rules.matrix(layer, which, c, j)] += dot;
                if (srcBar != null) {
                    double wj = w[c * k + j];
                    for (int i = 0; i < cols; i++) {
                        srcBar[s + i] += wj * dstBar[d + i];
                    }
                }
            }
        }
    }
}
