package org.blurevolve.driver.evolution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blurevolve.driver.config.StrategySettings;

/**
 * Adam on a gene vector with the gradient norm clipped first (docs/model.md §10, the paper's App.
 * C.1 optimiser): g ← g·min(1, c/‖g‖); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
 * x ← x − lr·m̂/(√v̂ + ε) with the bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). Its state is
 * saved in checkpoints. Not thread-safe.
 */
final class Adam {
    private final StrategySettings.Gradient settings;
    private double[] m;
    private double[] v;
    private long t;

    Adam(StrategySettings.Gradient settings, int genes) {
        this.settings = settings;
        this.m = new double[genes];
        this.v = new double[genes];
    }

    /** The genes after one step from {@code x} along {@code gradient}. */
    double[] step(double[] x, double[] gradient) {
        double norm = 0;
        for (double g : gradient) {
            norm += g * g;
        }
        norm = Math.sqrt(norm);
        double scale = settings.clipNorm() > 0 && norm > settings.clipNorm() ? settings.clipNorm() / norm : 1.0;
        t++;
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        double[] out = x.clone();
        for (int i = 0; i < x.length; i++) {
            double g = gradient[i] * scale;
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            out[i] -= settings.learningRate() * (m[i] / c1) / (Math.sqrt(v[i] / c2) + settings.epsilon());
        }
        return out;
    }

    /** Steps taken. */
    long steps() {
        return t;
    }

    Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("m", m.clone());
        s.put("v", v.clone());
        s.put("t", t);
        return s;
    }

    void restore(Map<String, Object> s) {
        m = doubles(s.get("m"));
        v = doubles(s.get("v"));
        t = ((Number) s.get("t")).longValue();
    }

    static double[] doubles(Object o) {
        if (o instanceof double[] d) {
            return d.clone();
        }
        return ((List<?>) o).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }
}
