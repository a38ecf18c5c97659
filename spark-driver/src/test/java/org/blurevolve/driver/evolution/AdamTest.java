package org.blurevolve.driver.evolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.blurevolve.driver.config.StrategySettings;
import org.blurevolve.gradient.MetaLoss;
import org.junit.jupiter.api.Test;

/** Adam and the horizon curriculum against values worked out by hand. */
class AdamTest {
    private static StrategySettings.Gradient settings(double clip) {
        return new StrategySettings.Gradient(0.1, 0.9, 0.999, 1e-8, clip, MetaLoss.CROSS_ENTROPY,
                new StrategySettings.Curriculum(10, 5, 100, 50), java.util.List.of(), 0, 0, 0);
    }

    /**
     * Two steps by hand: step 1 with g = (3, −4) and no clipping moves each gene by −lr·sgn(g)
     * (m̂ = g, v̂ = g², so m̂/√v̂ = ±1 up to ε); step 2 with g = (1, 0) gives m = (0.9·0.3 + 0.1, 0.9·−0.4),
     * v = (0.999·0.009 + 0.001, 0.999·0.016), bias corrections 1 − 0.9² and 1 − 0.999².
     */
    @Test
    void twoStepsMatchTheHandComputation() {
        Adam adam = new Adam(settings(0), 2);
        double[] x = adam.step(new double[] {1, 1}, new double[] {3, -4});
        assertArrayEquals(new double[] {1 - 0.1 * 3 / (3 + 1e-8), 1 + 0.1 * 4 / (4 + 1e-8)}, x, 1e-15);
        double m0 = 0.9 * 0.3 + 0.1;
        double m1 = 0.9 * -0.4;
        double v0 = 0.999 * 0.009 + 0.001;
        double v1 = 0.999 * 0.016;
        double c1 = 1 - 0.81;
        double c2 = 1 - 0.999 * 0.999;
        double[] y = adam.step(x, new double[] {1, 0});
        assertEquals(x[0] - 0.1 * (m0 / c1) / (Math.sqrt(v0 / c2) + 1e-8), y[0], 1e-14);
        assertEquals(x[1] - 0.1 * (m1 / c1) / (Math.sqrt(v1 / c2) + 1e-8), y[1], 1e-14);
        assertEquals(2, adam.steps());
    }

    /** With clipping at 1, g = (3, −4) (norm 5) is used as (0.6, −0.8); Adam's first step is scale-free, its state is not. */
    @Test
    void clippingScalesTheGradientToTheNorm() {
        Adam clipped = new Adam(settings(1), 2);
        clipped.step(new double[] {0, 0}, new double[] {3, -4});
        Map<String, Object> s = clipped.state();
        assertArrayEquals(new double[] {0.1 * 0.6, 0.1 * -0.8}, (double[]) s.get("m"), 1e-15);
        assertArrayEquals(new double[] {0.001 * 0.36, 0.001 * 0.64}, (double[]) s.get("v"), 1e-15);
    }

    @Test
    void stateRoundTripsThroughTheCheckpointForm() {
        Adam a = new Adam(settings(0), 3);
        a.step(new double[] {1, 2, 3}, new double[] {0.5, -1, 2});
        Adam b = new Adam(settings(0), 3);
        Map<String, Object> state = a.state();
        b.restore(Map.of("m", java.util.Arrays.stream((double[]) state.get("m")).boxed().toList(),
                "v", java.util.Arrays.stream((double[]) state.get("v")).boxed().toList(), "t", 1));
        assertArrayEquals(a.step(new double[] {1, 1, 1}, new double[] {1, 1, 1}),
                b.step(new double[] {1, 1, 1}, new double[] {1, 1, 1}), 0.0);
    }

    @Test
    void curriculumGrowsEveryNStepsUpToItsMaximum() {
        StrategySettings.Curriculum c = new StrategySettings.Curriculum(10, 5, 100, 22);
        assertEquals(10, c.horizon(0));
        assertEquals(10, c.horizon(99));
        assertEquals(15, c.horizon(100));
        assertEquals(20, c.horizon(250));
        assertEquals(22, c.horizon(300));
        assertEquals(22, c.horizon(1_000_000));
        assertEquals(7, new StrategySettings.Curriculum(7, 5, 0, 50).horizon(500), "every = 0 keeps T");
    }

    @Test
    void gradientHorizonsAreCappedByTheCurriculumsT() {
        StrategySettings.Gradient g = new StrategySettings.Gradient(0.1, 0.9, 0.999, 1e-8, 0, MetaLoss.CROSS_ENTROPY,
                new StrategySettings.Curriculum(10, 40, 100, 200), java.util.List.of(15, 50, 200), 0, 0, 0);
        assertEquals(java.util.List.of(10), g.at(0).horizons(), "T = 10: every horizon capped to 10, merged");
        assertEquals(java.util.List.of(15, 50), g.at(100).horizons(), "T = 50");
        assertEquals(java.util.List.of(15, 50, 90), g.at(200).horizons(), "T = 90");
        assertEquals(java.util.List.of(15, 50, 200), g.at(10_000).horizons(), "T = max = 200");
        assertEquals(java.util.List.of(10), settings(0).at(0).horizons(), "no horizons: T only");
        assertEquals(200, g.at(10_000).steps());
    }
}
