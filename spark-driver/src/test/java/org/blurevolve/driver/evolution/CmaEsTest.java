package org.blurevolve.driver.evolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** CMA-ES on functions with known optima, and its state round trip. */
class CmaEsTest {
    /** −Σ (10^{6(i/(n−1))}) x_i² shifted by 1: ill-conditioned (cond 10^6), optimum at x = 1. */
    private static double ellipsoid(double[] x) {
        double f = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - 1;
            f += Math.pow(1e6, (double) i / (x.length - 1)) * d * d;
        }
        return -f;
    }

    private static double[] solve(boolean separable, int generations) {
        CmaEs es = new CmaEs(new double[10], 0.5, 12, separable);
        for (int g = 0; g < generations; g++) {
            double[][] xs = es.ask(new SplittableRandom(g));
            double[] f = new double[xs.length];
            for (int k = 0; k < xs.length; k++) {
                f[k] = ellipsoid(xs[k]);
            }
            es.tell(xs, f, new double[xs.length]);
        }
        return es.mean();
    }

    @Test
    void fullCovarianceSolvesTheIllConditionedEllipsoid() {
        double[] m = solve(false, 600);
        assertTrue(ellipsoid(m) > -1e-8, "f(mean) = " + ellipsoid(m));
    }

    @Test
    void separableVariantSolvesTheAxisAlignedEllipsoid() {
        double[] m = solve(true, 600);
        assertTrue(ellipsoid(m) > -1e-8, "f(mean) = " + ellipsoid(m));
    }

    @Test
    void restoredStateContinuesIdentically() {
        CmaEs a = new CmaEs(new double[6], 0.3, 8, false);
        for (int g = 0; g < 20; g++) {
            double[][] xs = a.ask(new SplittableRandom(g));
            a.tell(xs, java.util.Arrays.stream(xs).mapToDouble(CmaEsTest::ellipsoid).toArray(), new double[8]);
        }
        CmaEs b = new CmaEs(new double[6], 0.3, 8, false);
        b.restore(a.state());
        for (int g = 20; g < 30; g++) {
            double[][] xa = a.ask(new SplittableRandom(g));
            double[][] xb = b.ask(new SplittableRandom(g));
            assertArrayEquals(xa[3], xb[3], 0.0);
            a.tell(xa, java.util.Arrays.stream(xa).mapToDouble(CmaEsTest::ellipsoid).toArray(), new double[8]);
            b.tell(xb, java.util.Arrays.stream(xb).mapToDouble(CmaEsTest::ellipsoid).toArray(), new double[8]);
        }
        assertArrayEquals(a.mean(), b.mean(), 0.0);
    }

    /** Checks the new mean after {@code tell(fitness, tieBreak)}: the recombination weights over {@code ranked}. */
    private static void meanRecombines(double[] f, double[] tieBreak, int[] ranked) {
        CmaEs es = new CmaEs(new double[3], 0.5, 6, false);
        double[][] xs = es.ask(new SplittableRandom(7));
        es.tell(xs, f, tieBreak);
        // μ = 3, w_i ∝ ln(3.5) − ln(i), i = 1..3, computed here by hand
        double[] w = {Math.log(3.5), Math.log(3.5) - Math.log(2), Math.log(3.5) - Math.log(3)};
        double sum = w[0] + w[1] + w[2];
        double[] expected = new double[3];
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < 3; i++) {
                expected[i] += w[r] / sum * xs[ranked[r]][i];
            }
        }
        assertArrayEquals(expected, es.mean(), 1e-15);
    }

    @Test
    void equalFitnessRanksByTheTieBreakThenByIndex() {
        double[] diverged = new double[6];
        java.util.Arrays.fill(diverged, Double.NEGATIVE_INFINITY);
        // all diverged, no tie-break: the first three samples
        meanRecombines(diverged, new double[6], new int[] {0, 1, 2});
        // ranked by steps completed (most first), equal steps by index
        meanRecombines(diverged, new double[] {3, 40, 12, 40, 0, 55}, new int[] {5, 1, 3});
        // fitness first: two scored genomes lead whatever their steps, then the diverged by steps
        double ninf = Double.NEGATIVE_INFINITY;
        meanRecombines(new double[] {ninf, 0.2, ninf, ninf, 0.7, ninf}, new double[] {30, 15, 29, 40, 15, 0},
                new int[] {4, 1, 3});
    }
}
