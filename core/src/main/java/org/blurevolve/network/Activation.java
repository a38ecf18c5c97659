package org.blurevolve.network;

/**
 * Elementwise activation functions (BLUR.md §4, paper App. C.2), plus the derivatives the
 * backprop genome puts in its second state (BLUR.md §6). Exact functions, computed in double.
 */
public enum Activation {
    /** max(0, tanh(x)), the paper's default forward and backward activation. */
    RELU_TANH {
        @Override public double apply(double x) { return x > 0 ? tanh(x) : 0.0; }
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

    /** The function value at {@code x}. */
    public abstract double apply(double x);

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
