package org.blurevolve.driver.evolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.gradient.GradientResult;
import org.junit.jupiter.api.Test;

/** The meta-gradient strategies' metric columns, and checkpoints written before a column existed. */
class GradientMetricsTest {
    @Test
    void columnsFollowTheirNames() {
        GradientResult r = new GradientResult(new FitnessResult(EvaluationStatus.OK, 0.8, -0.5, -0.2, 15), 0.5, 2.25,
                new double[] {3, 4});
        assertEquals(List.of("meta_loss", "gradient_norm", "horizon", "synapse_growth"), GradientMetrics.NAMES);
        assertArrayEquals(new double[] {0.5, 5.0, 15, 2.25}, GradientMetrics.of(r, 15), 0.0);
        assertEquals("T 15  loss 0.5000  |g| 5.00  growth 2.25", GradientMetrics.progress(GradientMetrics.of(r, 15)));
    }

    @Test
    void aCheckpointWithoutTheGrowthColumnRestoresItAsNaN() {
        assertArrayEquals(new double[] {0.5, 5.0, 15, Double.NaN},
                GradientMetrics.restore(List.of(0.5, 5.0, 15)), 0.0);
        assertArrayEquals(new double[] {0.5, 5.0, 15, 2.25},
                GradientMetrics.restore(new double[] {0.5, 5.0, 15, 2.25}), 0.0);
    }
}
