package org.blurevolve.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * HeapGemm against a hand-written triple loop (double: 1e-12 absolute; float: 1e-4 relative to the
 * sum of |terms|, sgemm accumulating in float), and its {@link HeapGemm.Resident} operand against the
 * plain call (the same bits, refreshed only after {@code changed()}).
 */
class HeapGemmTest {

    private static double[] random(SplittableRandom rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-1, 1);
        }
        return x;
    }

    /** C = A·op(B) + beta·C0 by hand; A is m×k row-major, B k×n (or n×k when transposed). */
    private static double[] reference(boolean transB, int m, int n, int k, double[] a, double[] b, double beta,
                                      double[] c0, boolean single) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = beta * round(c0[i * n + j], single);
                for (int p = 0; p < k; p++) {
                    double bv = transB ? b[j * k + p] : b[p * n + j];
                    sum += round(a[i * k + p], single) * round(bv, single);
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    private static double round(double x, boolean single) {
        return single ? (float) x : x;
    }

    @Test
    void matchesTheTripleLoopInEveryPrecision() {
        SplittableRandom rng = new SplittableRandom(3);
        int m = 7;
        int n = 5;
        int k = 11;
        for (Precision precision : Precision.values()) {
            boolean single = precision.floatStorage();
            for (boolean transB : new boolean[] {false, true}) {
                double[] a = random(rng, m * k);
                double[] b = random(rng, k * n);
                double[] c0 = random(rng, m * n);
                double[] c = c0.clone();
                HeapGemm.gemm(precision, false, transB, m, n, k, 1.0, a, 0, k, b, 0, transB ? k : n, 1.0, c, 0, n);
                double[] want = reference(transB, m, n, k, a, b, 1.0, c0, single);
                for (int i = 0; i < c.length; i++) {
                    assertEquals(want[i], c[i], single ? 1e-4 * (k + 1) : 1e-12, precision + " transB=" + transB);
                    if (single) {
                        assertEquals((float) c[i], c[i], 0.0, "a float result widens exactly");
                    }
                }
            }
        }
    }

    @Test
    void aResidentOperandGivesThePlainCallsBitsAndFollowsItsSourceAfterChanged() {
        SplittableRandom rng = new SplittableRandom(5);
        int m = 9;
        int n = 6;
        int k = 13;
        for (Precision precision : Precision.values()) {
            for (boolean transB : new boolean[] {false, true}) {
                int ldb = transB ? k : n;
                double[] a = random(rng, m * k);
                double[] w = random(rng, k * n + n); // with a trailing row the products do not read
                HeapGemm.Resident resident = new HeapGemm.Resident(precision, w);
                double[] plain = new double[m * n];
                double[] held = new double[m * n];
                HeapGemm.gemm(precision, false, transB, m, n, k, 1.0, a, 0, k, w, 0, ldb, 0.0, plain, 0, n);
                HeapGemm.gemm(false, transB, m, n, k, 1.0, a, 0, k, resident, ldb, 0.0, held, 0, n);
                assertArrayEquals(plain, held, 0.0, precision + " transB=" + transB);

                double[] before = held.clone();
                for (int i = 0; i < w.length; i++) {
                    w[i] *= -0.5;
                }
                HeapGemm.gemm(false, transB, m, n, k, 1.0, a, 0, k, resident, ldb, 0.0, held, 0, n);
                assertArrayEquals(before, held, 0.0, "without changed() the copy is kept");

                resident.changed();
                HeapGemm.gemm(precision, false, transB, m, n, k, 1.0, a, 0, k, w, 0, ldb, 0.0, plain, 0, n);
                HeapGemm.gemm(false, transB, m, n, k, 1.0, a, 0, k, resident, ldb, 0.0, held, 0, n);
                assertArrayEquals(plain, held, 0.0, "after changed() the new source");
            }
        }
    }
}
