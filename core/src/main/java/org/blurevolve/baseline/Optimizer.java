package org.blurevolve.baseline;

/**
 * A gradient-descent baseline (docs/model.md §8): plain SGD, SGD with heavy-ball momentum, or Adam.
 *
 * @param kind         which rule
 * @param learningRate step size
 * @param momentum     momentum coefficient (MOMENTUM) or β1 (ADAM)
 * @param beta2        Adam's second-moment decay
 * @param epsilon      Adam's denominator guard
 */
public record Optimizer(Kind kind, double learningRate, double momentum, double beta2, double epsilon) {

    /** The update rules. */
    public enum Kind { SGD, MOMENTUM, ADAM }

    public Optimizer {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate = " + learningRate + ", must be > 0");
        }
    }

    public static Optimizer sgd(double lr) {
        return new Optimizer(Kind.SGD, lr, 0, 0, 0);
    }

    public static Optimizer momentum(double lr) {
        return new Optimizer(Kind.MOMENTUM, lr, 0.9, 0, 0);
    }

    public static Optimizer adam(double lr) {
        return new Optimizer(Kind.ADAM, lr, 0.9, 0.999, 1e-8);
    }

    /** A short label such as {@code adam(lr=0.001)}. */
    public String label() {
        return kind.name().toLowerCase() + "(lr=" + learningRate + ")";
    }
}
