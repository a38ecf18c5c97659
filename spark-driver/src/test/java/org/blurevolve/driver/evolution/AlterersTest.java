package org.blurevolve.driver.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.DoubleGene;
import io.jenetics.util.MSeq;
import io.jenetics.util.RandomRegistry;
import java.util.List;
import java.util.SplittableRandom;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.genome.OptionalScalar;
import org.junit.jupiter.api.Test;

/** The GA's alterers: block crossover swaps whole genome units; the Gaussian step has the asked σ and stays in range. */
class AlterersTest {

    @Test
    void blockCrossoverSwapsWholeMatricesGatePairsAndScalars() {
        GenomeLayout layout = new GenomeLayout(3, 2, List.of(OptionalScalar.NORM_GAIN, OptionalScalar.NORM_SHIFT));
        int[][] units = BlockCrossover.units(layout);
        assertEquals(2 * 6 + 2, units.length, "per block Φ, Ψ, (f, η), P, Q, (f~, η~); then one unit per scalar");
        int covered = 0;
        for (int[] u : units) {
            assertEquals(covered, u[0], "units tile the genome in order");
            covered = u[1];
        }
        assertEquals(layout.length(), covered);
        BlockCrossover crossover = new BlockCrossover(1.0, layout);
        int swappedSomewhere = 0;
        for (long seed = 0; seed < 20; seed++) {
            MSeq<DoubleGene> a = genes(layout.length(), 1);
            MSeq<DoubleGene> b = genes(layout.length(), -1);
            int swapped = RandomRegistry.with(new SplittableRandom(seed), r -> crossover.crossover(a, b));
            int counted = 0;
            for (int[] u : units) {
                double sign = Math.signum(a.get(u[0]).doubleValue());
                for (int i = u[0]; i < u[1]; i++) {
                    assertEquals(sign, Math.signum(a.get(i).doubleValue()), "unit " + u[0] + ".." + u[1] + " torn");
                    assertEquals(-sign, Math.signum(b.get(i).doubleValue()), "the other child holds the rest");
                }
                counted += sign < 0 ? 1 : 0;
            }
            assertEquals(counted, swapped, "the returned count is the number of swapped units");
            swappedSomewhere += swapped;
        }
        assertTrue(swappedSomewhere > 0 && swappedSomewhere < 20 * units.length, "each unit swaps with probability ½");
    }

    private static MSeq<DoubleGene> genes(int n, double sign) {
        MSeq<DoubleGene> s = MSeq.ofLength(n);
        for (int i = 0; i < n; i++) {
            s.set(i, DoubleGene.of(sign * (0.5 + i * 1e-3), -10, 10));
        }
        return s;
    }

    @Test
    void gaussianStepHasTheAskedSigmaAndIsClippedToTheRange() {
        GaussianStepMutator mutator = new GaussianStepMutator(1.0, 0.3);
        SplittableRandom rng = new SplittableRandom(11);
        double sum = 0;
        double sq = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double d = mutator.mutate(DoubleGene.of(0.0, -10, 10), rng).doubleValue();
            sum += d;
            sq += d * d;
        }
        double mean = sum / n;
        double std = Math.sqrt(sq / n - mean * mean);
        assertEquals(0.0, mean, 4 * 0.3 / Math.sqrt(n), "mean step (4 standard errors)");
        assertEquals(0.3, std, 0.01, "σ of the step");
        for (int i = 0; i < 1000; i++) {
            double v = mutator.mutate(DoubleGene.of(0.99, -1, 1), rng).doubleValue();
            assertTrue(v >= -1 && v < 1, "mutated gene " + v + " left [-1, 1)");
        }
    }
}
