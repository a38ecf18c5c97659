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
        for (int c = 0; c < k; c++) {
            int d = c * cols;
            java.util.Arrays.fill(dst, d, d + cols, 0.0);
            for (int j = 0; j < k; j++) {
                double w = transpose ? m[j * k + c] : m[c * k + j];
                int s = j * cols;
                for (int i = 0; i < cols; i++) {
                    dst[d + i] += w * src[s + i];
                }
            }
        }
    }

    /**
     * Adjoint of {@link #mix}: src̄ += Mᵀ-mix of dst̄ (when {@code srcBar} is not null) and the
     * genes of M (starting at {@code gene(r, c)} from {@code rules}) += Σ src·dst̄.
     */
    static void reverse(double[] m, int k, boolean transpose, double[] src, double[] dstBar, double[] srcBar,
                        int cols, double[] grad, Rules rules, int layer, int which) {
        for (int c = 0; c < k; c++) {
            int d = c * cols;
            for (int j = 0; j < k; j++) {
                int s = j * cols;
                double w = transpose ? m[j * k + c] : m[c * k + j];
                double dot = 0;
                for (int i = 0; i < cols; i++) {
                    double g = dstBar[d + i];
                    dot += src[s + i] * g;
                    if (srcBar != null) {
                        srcBar[s + i] += w * g;
                    }
                }
                grad[transpose ? rules.matrix(layer, which, j, c) : rules.matrix(layer, which, c, j)] += dot;
            }
        }
    }
}
