package org.blurevolve.network;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link StateSweep} on the Vector API ({@code jdk.incubator.vector}): floats are widened, normalised,
 * activated and narrowed a vector at a time without a double copy of the block. It gives the bits of
 * {@link ScalarStateSweep}: float→double is exact, double→float rounds to nearest even like a Java cast,
 * and every other step is the scalar code's IEEE add, subtract, multiply or divide in the scalar code's
 * order (no fused multiply-add). Math.min/max are written as compare-and-blend with exactly their
 * semantics for the constants used (NaN stays NaN, −0 becomes +0 under max(x, 0)). Functions built on
 * {@code Math.exp} (SIGMOID, SIGMOID_DERIVATIVE) have no bit-exact vector form and go to the scalar
 * kernel, as does the step function RELU_DERIVATIVE (cheap, and rare on the float path), and so do the
 * positions that do not fill a vector.
 *
 * <p>Only loaded when the module is present ({@link StateSweep#create}). Not thread-safe.
 */
final class VectorStateSweep extends StateSweep {
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /**
     * Floats with as many lanes as {@link #DOUBLES}, so that one vector widens into one. Every float
     * vector of the float path has this shape ({@link VectorFloatStateSweep}, {@link VectorFloatConversions}):
     * the Vector API's methods share type profiles across shapes, and a JVM that ran two float shapes
     * had C2 box the vectors of these loops (the paper-ES evaluation then took several times as long).
     */
    static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
    private static final int LANES = DOUBLES.length();
    private static final DoubleVector ZERO = DoubleVector.zero(DOUBLES);
    private static final DoubleVector ONE = DoubleVector.broadcast(DOUBLES, 1.0);
    private static final DoubleVector NINE = DoubleVector.broadcast(DOUBLES, 9.0);
    private static final DoubleVector MINUS_NINE = DoubleVector.broadcast(DOUBLES, -9.0);
    /** The coefficients of {@link Activation#rationalTanh}'s numerator and denominator, highest power first. */
    private static final DoubleVector[] P = broadcast(1.264885555749117e-13, 5.179706350792634e-10,
            3.2286836253274086e-07, 6.625258799171843e-05, 0.0052173913043478265, 0.14666666666666667, 1.0);
    private static final DoubleVector[] Q = broadcast(1.1510458557316966e-11, 1.5193805295658393e-08,
            5.230467473030402e-06, 0.0006625258799171842, 0.03188405797101449, 0.48, 1.0);
    private final ScalarStateSweep scalar;
    /** The bias column of the rows of one call, restored after σ ran over whole rows. */
    private final float[] bias;
    /** The positions that do not fill a vector, in double. */
    private final double[] tail = new double[LANES];

    private VectorStateSweep(int rows, int maxLd) {
        scalar = new ScalarStateSweep(rows * maxLd);
        bias = new float[rows];
    }

    /** A kernel for calls on positions below {@code rows}·{@code maxLd}, row stride at most {@code maxLd}. */
    static StateSweep create(int rows, int maxLd) {
        return new VectorStateSweep(rows, maxLd);
    }

    @Override
    void activate(Activation f, float[] z, int from, int to, int ld) {
        if (!vectorised(f)) {
            scalar.activate(f, z, from, to, ld);
            return;
        }
        int rows = (to - from) / ld;
        for (int r = 0; r < rows; r++) {
            bias[r] = z[from + r * ld + ld - 1];
        }
        int end = from + (to - from) / LANES * LANES;
        switch (f) {
            case RELU_TANH -> reluTanhRange(z, from, end);
            case TANH -> tanhRange(z, from, end);
            case TANH_DERIVATIVE -> tanhDerivativeRange(z, from, end);
            case RELU -> reluRange(z, from, end);
            default -> throw new IllegalArgumentException(f + " is not vectorised");
        }
        for (int i = end; i < to; i++) {
            tail[i - end] = z[i];
        }
        finishTail(f, z, end, to);
        for (int r = 0; r < rows; r++) {
            z[from + r * ld + ld - 1] = bias[r];
        }
    }

    @Override
    void normalizeAndActivate(Activation f, float[] z, int from, int to, int ld, double[] mean, double[] scale,
            int column, double shift) {
        int width = ld - 1;
        // rows narrower than a vector would be all tail: the scalar kernel does those in one loop
        if (!(vectorised(f) || f == Activation.IDENTITY) || width < LANES) {
            scalar.normalizeAndActivate(f, z, from, to, ld, mean, scale, column, shift);
            return;
        }
        int full = width / LANES * LANES;
        for (int at = from; at < to; at += ld) {
            switch (f) {
                case RELU_TANH -> reluTanhRow(z, at, full, mean, scale, column, shift);
                case TANH -> tanhRow(z, at, full, mean, scale, column, shift);
                case TANH_DERIVATIVE -> tanhDerivativeRow(z, at, full, mean, scale, column, shift);
                case RELU -> reluRow(z, at, full, mean, scale, column, shift);
                case IDENTITY -> identityRow(z, at, full, mean, scale, column, shift);
                default -> throw new IllegalArgumentException(f + " is not vectorised");
            }
            for (int j = full; j < width; j++) {
                tail[j - full] = (z[at + j] - mean[column + j]) * scale[column + j] + shift;
            }
            finishTail(f, z, at + full, at + width);
        }
    }

    /** σ on the widened values in {@link #tail} by the scalar code, rounded into z[from, to). */
    private void finishTail(Activation f, float[] z, int from, int to) {
        f.applyRange(tail, 0, to - from, true);
        for (int i = from; i < to; i++) {
            z[i] = (float) tail[i - from];
        }
    }

    /** The functions this kernel vectorises (IDENTITY too, where it follows a normalisation). */
    private static boolean vectorised(Activation f) {
        return f == Activation.RELU_TANH || f == Activation.TANH || f == Activation.TANH_DERIVATIVE
                || f == Activation.RELU;
    }

    // One loop per function and mode, so that each compiles on its own with every vector operation
    // inlined (one loop over all functions exceeds C2's inlining budget and then boxes its vectors).
    // Range loops run over whole rows, bias column included; Row loops over the first full vectors of a row.

    private static void reluTanhRange(float[] z, int from, int to) {
        for (int i = from; i < to; i += LANES) {
            narrow(rationalTanh(relu(widen(z, i))), z, i);
        }
    }

    private static void tanhRange(float[] z, int from, int to) {
        for (int i = from; i < to; i += LANES) {
            narrow(rationalTanh(widen(z, i)), z, i);
        }
    }

    private static void tanhDerivativeRange(float[] z, int from, int to) {
        for (int i = from; i < to; i += LANES) {
            narrow(oneMinusSquare(rationalTanh(widen(z, i))), z, i);
        }
    }

    private static void reluRange(float[] z, int from, int to) {
        for (int i = from; i < to; i += LANES) {
            narrow(relu(widen(z, i)), z, i);
        }
    }

    private static void reluTanhRow(float[] z, int at, int full, double[] mean, double[] scale, int column, double shift) {
        for (int j = 0; j < full; j += LANES) {
            narrow(rationalTanh(relu(normalized(z, at + j, mean, scale, column + j, shift))), z, at + j);
        }
    }

    private static void tanhRow(float[] z, int at, int full, double[] mean, double[] scale, int column, double shift) {
        for (int j = 0; j < full; j += LANES) {
            narrow(rationalTanh(normalized(z, at + j, mean, scale, column + j, shift)), z, at + j);
        }
    }

    private static void tanhDerivativeRow(float[] z, int at, int full, double[] mean, double[] scale, int column,
            double shift) {
        for (int j = 0; j < full; j += LANES) {
            narrow(oneMinusSquare(rationalTanh(normalized(z, at + j, mean, scale, column + j, shift))), z, at + j);
        }
    }

    private static void reluRow(float[] z, int at, int full, double[] mean, double[] scale, int column, double shift) {
        for (int j = 0; j < full; j += LANES) {
            narrow(relu(normalized(z, at + j, mean, scale, column + j, shift)), z, at + j);
        }
    }

    private static void identityRow(float[] z, int at, int full, double[] mean, double[] scale, int column, double shift) {
        for (int j = 0; j < full; j += LANES) {
            narrow(normalized(z, at + j, mean, scale, column + j, shift), z, at + j);
        }
    }

    private static DoubleVector widen(float[] z, int at) {
        return (DoubleVector) FloatVector.fromArray(FLOATS, z, at).convertShape(VectorOperators.F2D, DOUBLES, 0);
    }

    /** (z − mean)·scale + shift, in that order, as {@link ScalarStateSweep} computes it. */
    private static DoubleVector normalized(float[] z, int at, double[] mean, double[] scale, int column, double shift) {
        return widen(z, at).sub(DoubleVector.fromArray(DOUBLES, mean, column))
                .mul(DoubleVector.fromArray(DOUBLES, scale, column)).add(shift);
    }

    private static void narrow(DoubleVector x, float[] z, int at) {
        ((FloatVector) x.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(z, at);
    }

    /** 1 − t·t, the derivative state of tanh. */
    private static DoubleVector oneMinusSquare(DoubleVector t) {
        return ONE.sub(t.mul(t));
    }

    /** Math.max(x, 0.0): 0 where x ≤ 0 (so −0 gives +0), x elsewhere (NaN stays NaN). */
    private static DoubleVector relu(DoubleVector x) {
        return x.blend(ZERO, x.compare(VectorOperators.LE, ZERO));
    }

    /**
     * {@link Activation#rationalTanh}, operation for operation: the clamp Math.max(−9, Math.min(9, x)),
     * then c·P(c²)/Q(c²) by Horner's rule with a separate multiply and add per coefficient.
     */
    private static DoubleVector rationalTanh(DoubleVector x) {
        DoubleVector m = x.blend(NINE, x.compare(VectorOperators.GE, NINE));
        DoubleVector c = m.blend(MINUS_NINE, m.compare(VectorOperators.LE, MINUS_NINE));
        DoubleVector y = c.mul(c);
        return c.mul(horner(y, P)).div(horner(y, Q));
    }

    /** ((a₀·y + a₁)·y + …)·y + a_n, multiply then add, as the scalar expression is written. */
    private static DoubleVector horner(DoubleVector y, DoubleVector[] a) {
        DoubleVector acc = y.mul(a[0]).add(a[1]);
        for (int i = 2; i < a.length; i++) {
            acc = acc.mul(y).add(a[i]);
        }
        return acc;
    }

    private static DoubleVector[] broadcast(double... values) {
        DoubleVector[] out = new DoubleVector[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = DoubleVector.broadcast(DOUBLES, values[i]);
        }
        return out;
    }
}
