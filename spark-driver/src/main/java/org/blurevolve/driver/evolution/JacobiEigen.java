package org.blurevolve.driver.evolution;

/**
 * Cyclic Jacobi eigendecomposition of a small symmetric matrix (row-major n×n), for CMA-ES's
 * covariance: at most 100 sweeps of rotations, stopping once the off-diagonal sum of squares is
 * below 1e-30. Stateless.
 */
final class JacobiEigen {
    private JacobiEigen() {
    }

    /**
     * The eigenvectors of {@code symmetric} as the columns of a row-major n×n matrix; the eigenvalues,
     * in the same order, go into {@code values}. The input is not changed.
     */
    static double[] decompose(double[] symmetric, int n, double[] values) {
        double[] a = symmetric.clone();
        double[] v = identity(n);
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    off += a[i * n + j] * a[i * n + j];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    rotate(a, p, q, n, n, c, s); // columns p and q of a
                    rotate(a, p * n, q * n, 1, n, c, s); // rows p and q of a
                    rotate(v, p, q, n, n, c, s); // columns p and q of v
                }
            }
        }
        for (int i = 0; i < n; i++) {
            values[i] = a[i * n + i];
        }
        return v;
    }

    /**
     * Rotates the n pairs (x[i + k·step], x[j + k·step]) by the angle with cosine c and sine s:
     * (c·xi − s·xj, s·xi + c·xj), one row or one column pair of a row-major matrix.
     */
    private static void rotate(double[] x, int i, int j, int step, int n, double c, double s) {
        for (int k = 0; k < n; k++) {
            double xi = x[i + k * step];
            double xj = x[j + k * step];
            x[i + k * step] = c * xi - s * xj;
            x[j + k * step] = s * xi + c * xj;
        }
    }

    /** The n×n identity, row-major. */
    static double[] identity(int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            m[i * n + i] = 1;
        }
        return m;
    }
}
