package org.blurevolve.network;

/**
 * OpenBLAS gemm on row-major blocks of Java {@code double[]} arrays, for code that keeps its
 * operands on the heap (the meta-gradient's adjoint, docs/model.md §10; the baselines, §8). Each call
 * copies the three blocks into per-thread off-heap scratch, multiplies with the BLAS that the forward
 * pass uses, and copies C back: the copies are O(size) against the product's O(m·n·k). In
 * {@link Precision#DOUBLE} the product is dgemm; in {@link Precision#FLOAT} the blocks are rounded to
 * float on the way in and the product is sgemm, whose float result widens back exactly. An operand
 * used by many calls while it does not change (a weight matrix between two updates) can be held as a
 * {@link Resident}, copied once after each change instead of once per call: the same bits. Thread-safe
 * (per-thread scratch).
 */
public final class HeapGemm {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> new Scratch(Precision.DOUBLE));
    private static final ThreadLocal<Scratch> SCRATCH_FLOAT = ThreadLocal.withInitial(() -> new Scratch(Precision.FLOAT));

    private HeapGemm() {
    }

    /** Grow-only off-heap buffers for A, B and C of one thread. */
    private static final class Scratch {
        private final Precision precision;
        private NativeArray a;
        private NativeArray b;
        private NativeArray c;

        Scratch(Precision precision) {
            this.precision = precision;
            a = NativeArray.allocate(precision, 1);
            b = NativeArray.allocate(precision, 1);
            c = NativeArray.allocate(precision, 1);
        }

        private NativeArray fit(NativeArray x, int length) {
            return x.length >= length ? x : NativeArray.allocate(precision, Math.max(length, 2 * x.length));
        }
    }

    /**
     * A heap block's off-heap copy in one precision for use as the B operand of many calls: the copy is
     * refreshed by the first call after {@link #changed()}. Not thread-safe: one thread owns it.
     */
    public static final class Resident {
        private final Precision precision;
        private final double[] source;
        private final NativeArray copy;
        private boolean stale = true;

        /** Holds {@code source} (not copied: the caller's array, read at the next refresh). */
        public Resident(Precision precision, double[] source) {
            this.precision = precision;
            this.source = source;
            this.copy = NativeArray.allocate(precision, Math.max(1, source.length));
        }

        /** The source array was written: the next call copies it again. */
        public void changed() {
            stale = true;
        }

        private NativeArray current() {
            if (stale) {
                copy.write(0, source, 0, source.length);
                stale = false;
            }
            return copy;
        }
    }

    /**
     * As {@link #gemm(Precision, boolean, boolean, int, int, int, double, double[], int, int, double[], int, int, double, double[], int, int)}
     * with B a {@link Resident} block (in its own precision) starting at element 0.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, Resident b, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        Scratch s = (b.precision.floatStorage() ? SCRATCH_FLOAT : SCRATCH).get();
        int aLen = span(transA ? k : m, transA ? m : k, lda);
        s.a = s.fit(s.a, aLen);
        s.a.write(0, a, aOff, aLen);
        multiply(s, transA, transB, m, n, k, alpha, lda, b.current(), ldb, beta, c, cOff, ldc);
    }

    /**
     * C ← α·op(A)·op(B) + β·C, op(A) m×k, op(B) k×n, C m×n; each block starts at its offset and
     * has its row stride (ld). With β = 0, C is not read.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        gemm(Precision.DOUBLE, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link #gemm(boolean, boolean, int, int, int, double, double[], int, int, double[], int, int, double, double[], int, int)} as dgemm or as sgemm on the operands rounded to float. */
    public static void gemm(Precision precision, boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        Scratch s = (precision.floatStorage() ? SCRATCH_FLOAT : SCRATCH).get();
        int aLen = span(transA ? k : m, transA ? m : k, lda);
        int bLen = span(transB ? n : k, transB ? k : n, ldb);
        s.a = s.fit(s.a, aLen);
        s.b = s.fit(s.b, bLen);
        s.a.write(0, a, aOff, aLen);
        s.b.write(0, b, bOff, bLen);
        multiply(s, transA, transB, m, n, k, alpha, lda, s.b, ldb, beta, c, cOff, ldc);
    }

    /** The product on A in {@code s.a} and B in {@code b}, with C copied in (β ≠ 0) and back out. */
    private static void multiply(Scratch s, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                 int lda, NativeArray b, int ldb, double beta, double[] c, int cOff, int ldc) {
        int cLen = span(m, n, ldc);
        s.c = s.fit(s.c, cLen);
        if (beta != 0.0) {
            s.c.write(0, c, cOff, cLen);
        }
        NativeArray.gemm(transA, transB, m, n, k, alpha, s.a, 0, lda, b, 0, ldb, beta, s.c, 0, ldc);
        if (ldc == n) {
            s.c.read(0, c, cOff, cLen);
        } else {
            for (int r = 0; r < m; r++) {
                s.c.read(r * ldc, c, cOff + r * ldc, n);
            }
        }
    }

    /** Elements from the first to the last element of a rows×cols block with row stride ld. */
    private static int span(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
    }
}
