package org.blurevolve.driver.evolution;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.blurevolve.gradient.GradientResult;

/**
 * The metrics columns of a strategy that takes meta-gradient steps, from its last step: the meta-loss
 * (penalty included), the gradient's norm, the unroll's T and the synapse growth ln(P_T / P_1)
 * (docs/model.md §10). Values, not a strategy: shared by {@link GradientDescent} and
 * {@link HybridStrategy}.
 */
final class GradientMetrics {
    /** The column names, in the order of {@link #of}. */
    static final List<String> NAMES = List.of("meta_loss", "gradient_norm", "horizon", "synapse_growth");

    private GradientMetrics() {
    }

    /** All NaN: no step taken yet. */
    static double[] none() {
        double[] out = new double[NAMES.size()];
        Arrays.fill(out, Double.NaN);
        return out;
    }

    /** The columns of a step's result at T = {@code steps}. */
    static double[] of(GradientResult r, int steps) {
        return new double[] {r.loss(), r.norm(), steps, r.synapseGrowth()};
    }

    /**
     * The columns a checkpoint holds: a checkpoint written before a column existed lacks it, and it
     * reads as NaN.
     */
    static double[] restore(Object saved) {
        double[] out = none();
        double[] old = Adam.doubles(saved);
        System.arraycopy(old, 0, out, 0, Math.min(old.length, out.length));
        return out;
    }

    /** "T 15  loss 0.4821  |g| 0.312  growth 2.41". */
    static String progress(double[] last) {
        return String.format(Locale.ROOT, "T %d  loss %.4g  |g| %.3g  growth %.3g", (int) last[2], last[0], last[1],
                last[3]);
    }
}
