package org.blurevolve.network;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatStateSweep} on the Vector API, in the float path's float vectors (half the preferred
 * width: 8 lanes with AVX-512, 4 with AVX2, as many as {@link VectorStateSweep}'s doubles, whose lane
 * operations cost more): the same IEEE float operations per element in
 * the same order (no fused multiply-add; the clamp and ReLU as compare-and-blend, with Math.min/max's
 * results for NaN and −0), so the same bits. Positions that do not fill a vector go to the scalar float
 * kernel, functions without a float form to the double-arithmetic kernel. Only loaded when the module is
 * present ({@link StateSweep#create}). Not thread-safe.
 */
final class VectorFloatStateSweep extends FloatStateSweep {
    /** The float path's one float shape ({@link VectorStateSweep#FLOATS}: half the preferred width). */
    private static final VectorSpecies<Float> FLOATS = VectorStateSweep.FLOATS;
    private static final int LANES = FLOATS.length();
    private static final FloatVector ZERO = FloatVector.zero(FLOATS);
    private static final FloatVector ONE = FloatVector.broadcast(FLOATS, 1f);
    private static final FloatVector MINUS_ONE = FloatVector.broadcast(FLOATS, -1f);
    private static final FloatVector NINE = FloatVector.broadcast(FLOATS, 9f);
    private static final FloatVector MINUS_NINE = FloatVector.broadcast(FLOATS, -9f);
    private static final FloatVector[] VP = broadcast(P);
    private static final FloatVector[] VQ = broadcast(Q);
    /** The bias column of the rows of one call, restored after σ ran over whole rows. */
    private final float[] bias;
    /** μ and s of one call's columns, rounded to float. */
    private final float[] mean;
    private final float[] scale;

    private VectorFloatStateSweep(int rows, int maxLd) {
        super(rows, maxLd);
        bias = new float[rows];
        mean = new float[maxLd];
        scale = new float[maxLd];
    }

    /** A kernel for calls on at most {@code rows} rows of stride at most {@code maxLd}. */
    static StateSweep create(int rows, int maxLd) {
        return new VectorFloatStateSweep(rows, maxLd);
    }

    @Override
    void activate(Activation f, float[] z, int from, int to, int ld) {
        if (!floatForm(f) || f == Activation.IDENTITY) {
            super.activate(f, z, from, to, ld);
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
            z[i] = apply(f, z[i]);
        }
        for (int r = 0; r < rows; r++) {
            z[from + r * ld + ld - 1] = bias[r];
        }
    }

    @Override
    void normalizeAndActivate(Activation f, float[] z, int from, int to, int ld, double[] mu, double[] s,
            int column, double shift) {
        int width = ld - 1;
        if (!floatForm(f) || width < LANES) {
            super.normalizeAndActivate(f, z, from, to, ld, mu, s, column, shift);
            return;
        }
        for (int j = 0; j < width; j++) {
            mean[j] = (float) mu[column + j];
            scale[j] = (float) s[column + j];
        }
        float b = (float) shift;
        int full = width / LANES * LANES;
        for (int at = from; at < to; at += ld) {
            switch (f) {
                case RELU_TANH -> reluTanhRow(z, at, full, mean, scale, b);
                case TANH -> tanhRow(z, at, full, mean, scale, b);
                case TANH_DERIVATIVE -> tanhDerivativeRow(z, at, full, mean, scale, b);
                case RELU -> reluRow(z, at, full, mean, scale, b);
                case IDENTITY -> identityRow(z, at, full, mean, scale, b);
                default -> throw new IllegalArgumentException(f + " is not vectorised");
            }
            for (int j = full; j < width; j++) {
                z[at + j] = apply(f, (z[at + j] - mean[j]) * scale[j] + b);
            }
        }
    }

    // One loop per function and mode, so that each compiles on its own with every vector operation
    // inlined. Range loops run over whole rows, bias column included; Row loops over the full vectors of a row.

    private static void reluTanhRange(float[] z, int from, int to) {
        for (int i = from; i < to; i += LANES) {
            rationalTanh(relu(FloatVector.fromArray(FLOATS, z, i))).intoArray(z, i);
        }
    }

    private static void tanhRange(float[] z, int from, int to) {
        for (int i = from; i < to; i += LANES) {
            rationalTanh(FloatVector.fromArray(FLOATS, z, i)).intoArray(z, i);
        }
    }

    private static void tanhDerivativeRange(float[] z, int from, int to) {
        for (int i = from; i < to; i += LANES) {
            oneMinusSquare(rationalTanh(FloatVector.fromArray(FLOATS, z, i))).intoArray(z, i);
        }
    }

    private static void reluRange(float[] z, int from, int to) {
        for (int i = from; i < to; i += LANES) {
            relu(FloatVector.fromArray(FLOATS, z, i)).intoArray(z, i);
        }
    }

    private static void reluTanhRow(float[] z, int at, int full, float[] mean, float[] scale, float shift) {
        for (int j = 0; j < full; j += LANES) {
            rationalTanh(relu(normalized(z, at, j, mean, scale, shift))).intoArray(z, at + j);
        }
    }

    private static void tanhRow(float[] z, int at, int full, float[] mean, float[] scale, float shift) {
        for (int j = 0; j < full; j += LANES) {
            rationalTanh(normalized(z, at, j, mean, scale, shift)).intoArray(z, at + j);
        }
    }

    private static void tanhDerivativeRow(float[] z, int at, int full, float[] mean, float[] scale, float shift) {
        for (int j = 0; j < full; j += LANES) {
            oneMinusSquare(rationalTanh(normalized(z, at, j, mean, scale, shift))).intoArray(z, at + j);
        }
    }

    private static void reluRow(float[] z, int at, int full, float[] mean, float[] scale, float shift) {
        for (int j = 0; j < full; j += LANES) {
            relu(normalized(z, at, j, mean, scale, shift)).intoArray(z, at + j);
        }
    }

    private static void identityRow(float[] z, int at, int full, float[] mean, float[] scale, float shift) {
        for (int j = 0; j < full; j += LANES) {
            normalized(z, at, j, mean, scale, shift).intoArray(z, at + j);
        }
    }

    /** (z − mean)·scale + shift, in that order, as {@link FloatStateSweep} computes it. */
    private static FloatVector normalized(float[] z, int at, int j, float[] mean, float[] scale, float shift) {
        return FloatVector.fromArray(FLOATS, z, at + j).sub(FloatVector.fromArray(FLOATS, mean, j))
                .mul(FloatVector.fromArray(FLOATS, scale, j)).add(shift);
    }

    /** 1 − t·t. */
    private static FloatVector oneMinusSquare(FloatVector t) {
        return ONE.sub(t.mul(t));
    }

    /** Math.max(x, 0f): 0 where x ≤ 0 (so −0 gives +0), x elsewhere (NaN stays NaN). */
    private static FloatVector relu(FloatVector x) {
        return x.blend(ZERO, x.compare(VectorOperators.LE, ZERO));
    }

    /** {@link FloatStateSweep#tanh}, operation for operation. */
    private static FloatVector rationalTanh(FloatVector x) {
        FloatVector m = x.blend(NINE, x.compare(VectorOperators.GE, NINE));
        FloatVector c = m.blend(MINUS_NINE, m.compare(VectorOperators.LE, MINUS_NINE));
        FloatVector y = c.mul(c);
        FloatVector t = c.mul(horner(y, VP)).div(horner(y, VQ));
        FloatVector u = t.blend(ONE, t.compare(VectorOperators.GE, ONE));
        return u.blend(MINUS_ONE, u.compare(VectorOperators.LE, MINUS_ONE));
    }

    private static FloatVector horner(FloatVector y, FloatVector[] a) {
        FloatVector acc = y.mul(a[0]).add(a[1]);
        for (int i = 2; i < a.length; i++) {
            acc = acc.mul(y).add(a[i]);
        }
        return acc;
    }

    private static FloatVector[] broadcast(float[] values) {
        FloatVector[] out = new FloatVector[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = FloatVector.broadcast(FLOATS, values[i]);
        }
        return out;
    }
}
