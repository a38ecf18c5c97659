package org.blurevolve.network;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A contiguous off-heap array allocated by ND4J in one precision, with the two ways the inner loop
 * touches it: OpenBLAS gemm on its memory (the BLAS that ND4J ships, called directly to avoid ND4J's
 * per-op dispatch, docs/architecture.md, "Performance") and bulk copies to and from Java {@code double[]} for the
 * elementwise work. Not thread-safe: one network owns its arrays.
 */
abstract sealed class NativeArray permits NativeArray.F32, NativeArray.F64 {

    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    /** Keeps ND4J's allocation alive for as long as this array is reachable. */
    private final INDArray owner;
    final int length;

    private NativeArray(INDArray owner, int length) {
        this.owner = owner;
        this.length = length;
    }

    /** A zero-filled array of {@code length} elements. */
    static NativeArray allocate(Precision precision, int length) {
        return precision.floatStorage() ? new F32(length) : new F64(length);
    }

    /** Copies {@code len} elements starting at {@code offset} into {@code dst[dstOff..]}. */
    abstract void read(int offset, double[] dst, int dstOff, int len);

    /** Copies {@code src[srcOff..srcOff+len)} into this array at {@code offset}. */
    abstract void write(int offset, double[] src, int srcOff, int len);

    /** Σ|x| over a range; NaN or Inf when any element is NaN or Inf (BLAS asum). */
    abstract double absSum(int offset, int len);

    /**
     * C ← α·op(A)·op(B) + β·C on row-major blocks inside arrays of one precision
     * (op = transpose when the flag is set). All three arrays must have the same precision.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     NativeArray a, int aOff, int lda, NativeArray b, int bOff, int ldb,
                     double beta, NativeArray c, int cOff, int ldc) {
        int ta = transA ? TRANS : NO_TRANS;
        int tb = transB ? TRANS : NO_TRANS;
        if (c instanceof F32 cf) {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, (float) alpha,
                    ((F32) a).cursorA.position(aOff), lda, ((F32) b).cursorB.position(bOff), ldb,
                    (float) beta, cf.cursorC.position(cOff), ldc);
        } else {
            F64 cd = (F64) c;
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, alpha,
                    ((F64) a).cursorA.position(aOff), lda, ((F64) b).cursorB.position(bOff), ldb,
                    beta, cd.cursorC.position(cOff), ldc);
        }
    }

    /** dst[0..len) ← src[0..len), native to native (BLAS copy); both of one precision. */
    static void copy(NativeArray src, NativeArray dst, int len) {
        if (dst instanceof F32 d) {
            openblas_nolapack.cblas_scopy(len, ((F32) src).cursorA.position(0), 1, d.cursorC.position(0), 1);
        } else {
            openblas_nolapack.cblas_dcopy(len, ((F64) src).cursorA.position(0), 1, ((F64) dst).cursorC.position(0), 1);
        }
    }

    /**
     * y[yOff..yOff+n) ← α·x[xOff..xOff+n) when {@code accumulate} is false, or += α·x when true
     * (BLAS copy+scal, or axpy). x and y must have the same precision and must not overlap.
     */
    static void axpy(int n, double alpha, NativeArray x, int xOff, NativeArray y, int yOff, boolean accumulate) {
        if (y instanceof F32 yf) {
            FloatPointer xp = ((F32) x).cursorA.position(xOff);
            FloatPointer yp = yf.cursorC.position(yOff);
            if (accumulate) {
                openblas_nolapack.cblas_saxpy(n, (float) alpha, xp, 1, yp, 1);
            } else {
                openblas_nolapack.cblas_scopy(n, xp, 1, yp, 1);
                openblas_nolapack.cblas_sscal(n, (float) alpha, yp, 1);
            }
        } else {
            DoublePointer xp = ((F64) x).cursorA.position(xOff);
            DoublePointer yp = ((F64) y).cursorC.position(yOff);
            if (accumulate) {
                openblas_nolapack.cblas_daxpy(n, alpha, xp, 1, yp, 1);
            } else {
                openblas_nolapack.cblas_dcopy(n, xp, 1, yp, 1);
                openblas_nolapack.cblas_dscal(n, alpha, yp, 1);
            }
        }
    }

    /** float32 storage; heap copies go through a float scratch and are widened to double. */
    static final class F32 extends NativeArray {
        private final FloatBuffer buffer;
        private final FloatPointer cursorA;
        private final FloatPointer cursorB;
        private final FloatPointer cursorC;
        private final FloatPointer cursorSum;
        private float[] scratch = new float[0];

        F32(int length) {
            this(Nd4j.create(DataType.FLOAT, Math.max(1, length)), length);
        }

        private F32(INDArray owner, int length) {
            super(owner, length);
            FloatPointer base = new FloatPointer(owner.data().addressPointer());
            int capacity = Math.max(1, length);
            base.capacity(capacity).limit(capacity);
            buffer = base.asBuffer();
            cursorA = new FloatPointer(base);
            cursorB = new FloatPointer(base);
            cursorC = new FloatPointer(base);
            cursorSum = new FloatPointer(base);
        }

        private float[] scratch(int len) {
            if (scratch.length < len) {
                scratch = new float[len];
            }
            return scratch;
        }

        @Override
        void read(int offset, double[] dst, int dstOff, int len) {
            float[] tmp = scratch(len);
            buffer.get(offset, tmp, 0, len);
            FloatConversions.widen(tmp, 0, dst, dstOff, len);
        }

        @Override
        void write(int offset, double[] src, int srcOff, int len) {
            float[] tmp = scratch(len);
            FloatConversions.narrow(src, srcOff, tmp, 0, len);
            buffer.put(offset, tmp, 0, len);
        }

        /** Copies {@code len} floats starting at {@code offset} into {@code dst[dstOff..]}, no widening. */
        void readFloats(int offset, float[] dst, int dstOff, int len) {
            buffer.get(offset, dst, dstOff, len);
        }

        /** Copies {@code src[srcOff..srcOff+len)} into this array at {@code offset}. */
        void writeFloats(int offset, float[] src, int srcOff, int len) {
            buffer.put(offset, src, srcOff, len);
        }

        @Override
        double absSum(int offset, int len) {
            return openblas_nolapack.cblas_sasum(len, cursorSum.position(offset), 1);
        }
    }

    /** float64 storage; heap copies are plain bulk copies. */
    static final class F64 extends NativeArray {
        private final DoubleBuffer buffer;
        private final DoublePointer cursorA;
        private final DoublePointer cursorB;
        private final DoublePointer cursorC;
        private final DoublePointer cursorSum;

        F64(int length) {
            this(Nd4j.create(DataType.DOUBLE, Math.max(1, length)), length);
        }

        private F64(INDArray owner, int length) {
            super(owner, length);
            DoublePointer base = new DoublePointer(owner.data().addressPointer());
            int capacity = Math.max(1, length);
            base.capacity(capacity).limit(capacity);
            buffer = base.asBuffer();
            cursorA = new DoublePointer(base);
            cursorB = new DoublePointer(base);
            cursorC = new DoublePointer(base);
            cursorSum = new DoublePointer(base);
        }

        @Override
        void read(int offset, double[] dst, int dstOff, int len) {
            buffer.get(offset, dst, dstOff, len);
        }

        @Override
        void write(int offset, double[] src, int srcOff, int len) {
            buffer.put(offset, src, srcOff, len);
        }

        @Override
        double absSum(int offset, int len) {
            return openblas_nolapack.cblas_dasum(len, cursorSum.position(offset), 1);
        }
    }
}
