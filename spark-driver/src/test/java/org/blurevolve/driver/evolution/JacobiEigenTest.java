package org.blurevolve.driver.evolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The decomposition reproduces its matrix (V·diag(λ)·Vᵀ) with orthonormal V, and a diagonal by hand. */
class JacobiEigenTest {
    @Test
    void eigenvectorsAndValuesReconstructARandomSymmetricMatrix() {
        int n = 7;
        SplittableRandom rng = new SplittableRandom(3);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = rng.nextDouble(-1, 1);
                a[i * n + j] = x;
                a[j * n + i] = x;
            }
        }
        double[] input = a.clone();
        double[] values = new double[n];
        double[] v = JacobiEigen.decompose(a, n, values);
        assertArrayEquals(input, a, 0.0, "the input is not changed");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double rebuilt = 0;
                double gram = 0;
                for (int k = 0; k < n; k++) {
                    rebuilt += v[i * n + k] * values[k] * v[j * n + k];
                    gram += v[k * n + i] * v[k * n + j];
                }
                assertEquals(a[i * n + j], rebuilt, 1e-12, "A[" + i + "," + j + "]");
                assertEquals(i == j ? 1 : 0, gram, 1e-12, "VᵀV[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void aDiagonalMatrixIsItsOwnDecomposition() {
        double[] values = new double[3];
        double[] v = JacobiEigen.decompose(new double[] {4, 0, 0, 0, 9, 0, 0, 0, 0.25}, 3, values);
        assertArrayEquals(new double[] {4, 9, 0.25}, values, 0.0);
        assertArrayEquals(JacobiEigen.identity(3), v, 0.0);
    }
}
