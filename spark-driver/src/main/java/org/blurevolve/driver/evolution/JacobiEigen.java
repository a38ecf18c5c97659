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
                    for (int k = 0; k < n; k++) {
                        double akp = a[k * n + p];
                        double akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p * n + k];
                        double aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k * n + p];
                        double vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            values[i] = a[i * n + i];
        }
        return v;
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
