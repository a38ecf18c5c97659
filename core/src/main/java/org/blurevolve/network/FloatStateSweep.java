package org.blurevolve.network;

/**
 * The reference {@link StateSweep} in float arithmetic ({@link Precision#FLOAT_ELEMENTWISE}): neuron j of
 * a row becomes σ((z − (float) μ_j)·(float) s_j + (float) β), every step one IEEE float operation in
 * the order written here, with tanh the rational approximation of docs/model.md §4 evaluated in float
 * ({@link #tanh}). The bias column is not touched. Functions without a float form here (SIGMOID,
 * SIGMOID_DERIVATIVE, RELU_DERIVATIVE) go to the double-arithmetic kernel of this JVM, made when first needed. Used when the
 * Vector API is absent, and by {@link VectorFloatStateSweep} for the positions that do not fill a vector.
 * Not thread-safe.
 */
class FloatStateSweep extends StateSweep {
    /** The numerator coefficients of {@link Activation#rationalTanh}, highest power first, rounded to float. */
    static final float[] P = {1.264885555749117e-13f, 5.179706350792634e-10f, 3.2286836253274086e-07f,
        6.625258799171843e-05f, 0.0052173913043478265f, 0.14666666666666667f, 1.0f};
    /** The denominator coefficients, likewise. */
    static final float[] Q = {1.1510458557316966e-11f, 1.5193805295658393e-08f, 5.230467473030402e-06f,
        0.0006625258799171842f, 0.03188405797101449f, 0.48f, 1.0f};
    private final int rows;
    private final int maxLd;
    /** The double-arithmetic kernel, made on the first call of a function without a float form. */
    private StateSweep wide;

    /** A kernel for calls on at most {@code rows} rows of stride at most {@code maxLd}. */
    FloatStateSweep(int rows, int maxLd) {
        this.rows = rows;
        this.maxLd = maxLd;
    }

    /** The double-arithmetic kernel for the functions without a float form (rarely used: made on demand). */
    private StateSweep wide() {
        if (wide == null) {
            wide = StateSweep.create(rows, maxLd, false);
        }
        return wide;
    }

    /** Whether {@code f} is computed in float here (the others go to the double-arithmetic kernel). */
    static boolean floatForm(Activation f) {
        return f == Activation.RELU_TANH || f == Activation.TANH || f == Activation.TANH_DERIVATIVE
                || f == Activation.RELU || f == Activation.IDENTITY;
    }

    @Override
    void activate(Activation f, float[] z, int from, int to, int ld) {
        if (!floatForm(f)) {
            wide().activate(f, z, from, to, ld);
            return;
        }
        if (f == Activation.IDENTITY) {
            return;
        }
        for (int at = from; at < to; at += ld) {
            for (int i = at; i < at + ld - 1; i++) {
                z[i] = apply(f, z[i]);
            }
        }
    }

    @Override
    void normalizeAndActivate(Activation f, float[] z, int from, int to, int ld, double[] mean, double[] scale,
            int column, double shift) {
        if (!floatForm(f)) {
            wide().normalizeAndActivate(f, z, from, to, ld, mean, scale, column, shift);
            return;
        }
        float b = (float) shift;
        for (int at = from; at < to; at += ld) {
            for (int j = 0; j < ld - 1; j++) {
                z[at + j] = apply(f, (z[at + j] - (float) mean[column + j]) * (float) scale[column + j] + b);
            }
        }
    }

    /** σ in float for the functions with a float form. */
    static float apply(Activation f, float x) {
        return switch (f) {
            case RELU_TANH -> tanh(Math.max(x, 0f));
            case TANH -> tanh(x);
            case TANH_DERIVATIVE -> {
                float t = tanh(x);
                yield 1f - t * t;
            }
            case RELU -> Math.max(x, 0f);
            case IDENTITY -> x;
            default -> throw new IllegalArgumentException(f + " has no float form");
        };
    }

    /**
     * {@link Activation#rationalTanh} in float: x clamped to ±9 (min, then max), then c·P(c²)/Q(c²) by
     * Horner's rule with a separate multiply and add per coefficient, then clamped to ±1 (min, then max:
     * float rounding takes the quotient an ulp past 1 near ±9). Within a few float ulps of tanh (tested).
     */
    static float tanh(float x) {
        float c = Math.max(-9f, Math.min(9f, x));
        float y = c * c;
        return Math.max(-1f, Math.min(1f, c * horner(P, y) / horner(Q, y)));
    }

    private static float horner(float[] a, float y) {
        float acc = a[0] * y + a[1];
        for (int i = 2; i < a.length; i++) {
            acc = acc * y + a[i];
        }
        return acc;
    }
}
