package org.blurevolve.network;

/**
 * Elementwise activation functions (docs/model.md §4, paper App. C.2), plus the derivatives the
 * backprop genome puts in its second state (docs/model.md §6). Exact functions, computed in double.
 */
public enum Activation {
    /** max(0, tanh(x)), the paper's default forward and backward activation. */
    RELU_TANH {
        @Override public double apply(double x) { return tanh(Math.max(x, 0.0)); }
    },
    TANH {
        @Override public double apply(double x) { return tanh(x); }
    },
    SIGMOID {
        @Override public double apply(double x) { return 1.0 / (1.0 + Math.exp(-x)); }
    },
    RELU {
        @Override public double apply(double x) { return x > 0 ? x : 0.0; }
    },
    /** The identity, also "no activation on the backward pass". */
    IDENTITY {
        @Override public double apply(double x) { return x; }
    },
    /** d tanh / dx = 1 − tanh²(x), the second forward state of the tanh backprop genome. */
    TANH_DERIVATIVE {
        @Override public double apply(double x) { double t = tanh(x); return 1.0 - t * t; }
    },
    /** dσ/dx = σ(x)(1 − σ(x)), the second forward state of the sigmoid backprop genome. */
    SIGMOID_DERIVATIVE {
        @Override public double apply(double x) { double s = 1.0 / (1.0 + Math.exp(-x)); return s * (1.0 - s); }
    },
    /** 1 for x > 0 else 0, the second forward state of the ReLU backprop genome. */
    RELU_DERIVATIVE {
        @Override public double apply(double x) { return x > 0 ? 1.0 : 0.0; }
    };

    /**
     * tanh through the intrinsified {@code Math.exp} (Math.tanh is not intrinsified and dominated
     * the inner loop): 1 − 2/(e^{2|x|} + 1) with the sign restored, absolute error below 1e-16.
     */
    static double tanh(double x) {
        double a = Math.abs(x);
        if (a > 20) {
            return Math.copySign(1.0, x);
        }
        return Math.copySign(1.0 - 2.0 / (Math.exp(2 * a) + 1.0), x);
    }

    /**
     * tanh(x) for the float path: x·P(x²)/Q(x²), the depth-12 truncation of Lambert's continued
     * fraction x/(1 + x²/(3 + x²/(5 + …))) with x clamped to ±9. Every coefficient is positive, so
     * there is no cancellation; the largest absolute error over the real line is 3.7e-8, below
     * float's half-ulp at 1 (tested). One division and no branch, so loops over it vectorise.
     */
    static double rationalTanh(double x) {
        double c = Math.max(-9.0, Math.min(9.0, x));
        double y = c * c;
        double p = ((((((1.264885555749117e-13 * y + 5.179706350792634e-10) * y + 3.2286836253274086e-07) * y
                + 6.625258799171843e-05) * y + 0.0052173913043478265) * y + 0.14666666666666667) * y + 1.0);
        double q = ((((((1.1510458557316966e-11 * y + 1.5193805295658393e-08) * y + 5.230467473030402e-06) * y
                + 0.0006625258799171842) * y + 0.03188405797101449) * y + 0.48) * y + 1.0);
        return c * p / q;
    }

    /**
     * Applies the function in place to the first {@code width} entries of each of {@code rows} rows
     * of a row-major block with row stride {@code ld}. With {@code approximate}, tanh-based functions
     * use {@link #rationalTanh} (the float path); otherwise they are exact to double rounding.
     */
    public void applyRows(double[] z, int rows, int width, int ld, boolean approximate) {
        applyRows(z, 0, rows, width, ld, approximate);
    }

    /** {@link #applyRows(double[], int, int, int, boolean)} on the block that starts at {@code offset}. */
    public void applyRows(double[] z, int offset, int rows, int width, int ld, boolean approximate) {
        for (int r = 0; r < rows; r++) {
            applyRange(z, offset + r * ld, offset + r * ld + width, approximate);
        }
    }

    /**
     * Applies the function in place to {@code z[from..to)} in one loop (one that the JIT vectorises,
     * unlike short per-row loops); {@link #applyRows} applies it row by row.
     */
    void applyRange(double[] z, int from, int to, boolean approximate) {
        switch (this) {
            case RELU_TANH -> {
                if (approximate) {
                    for (int i = from; i < to; i++) {
                        z[i] = rationalTanh(Math.max(z[i], 0.0));
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        z[i] = tanh(Math.max(z[i], 0.0));
                    }
                }
            }
            case TANH -> {
                if (approximate) {
                    for (int i = from; i < to; i++) {
                        z[i] = rationalTanh(z[i]);
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        z[i] = tanh(z[i]);
                    }
                }
            }
            case TANH_DERIVATIVE -> {
                for (int i = from; i < to; i++) {
                    double t = approximate ? rationalTanh(z[i]) : tanh(z[i]);
                    z[i] = 1.0 - t * t;
                }
            }
            case RELU -> {
                for (int i = from; i < to; i++) {
                    z[i] = Math.max(z[i], 0.0);
                }
            }
            case IDENTITY -> {
                return;
            }
            default -> {
                for (int i = from; i < to; i++) {
                    z[i] = apply(z[i]);
                }
            }
        }
    }

    /** The function value at {@code x}. */
    public abstract double apply(double x);

    /**
     * dσ/dx at {@code x}, exact in double (the meta-gradient's adjoint, docs/model.md §10). At the
     * kinks of RELU and RELU_TANH (x = 0) the subgradient 0 is used; RELU_DERIVATIVE has derivative 0.
     */
    public double derivative(double x) {
        return switch (this) {
            case RELU_TANH -> {
                double t = tanh(x);
                yield x > 0 ? 1.0 - t * t : 0.0;
            }
            case TANH -> {
                double t = tanh(x);
                yield 1.0 - t * t;
            }
            case SIGMOID -> {
                double s = 1.0 / (1.0 + Math.exp(-x));
                yield s * (1.0 - s);
            }
            case RELU -> x > 0 ? 1.0 : 0.0;
            case IDENTITY -> 1.0;
            case TANH_DERIVATIVE -> {
                double t = tanh(x);
                yield -2.0 * t * (1.0 - t * t);
            }
            case SIGMOID_DERIVATIVE -> {
                double s = 1.0 / (1.0 + Math.exp(-x));
                yield s * (1.0 - s) * (1.0 - 2.0 * s);
            }
            case RELU_DERIVATIVE -> 0.0;
        };
    }

    /** Parses a config name such as {@code relu_tanh} or {@code tanh-derivative}, case-insensitive. */
    public static Activation parse(String name) {
        String key = name.trim().toUpperCase().replace('-', '_');
        if (key.equals("NONE") || key.equals("LINEAR")) {
            return IDENTITY;
        }
        return valueOf(key);
    }

    /** The config name of this function. */
    public String configName() {
        return name().toLowerCase();
    }
}
