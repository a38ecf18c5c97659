package org.blurevolve.fitness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.blurevolve.io.JsonFiles;
import org.blurevolve.trace.Trace;
import org.blurevolve.genome.Genome;
import org.blurevolve.gradient.MetaGradient;
import org.blurevolve.gradient.MetaGradientSettings;
import org.blurevolve.gradient.MetaLoss;
import org.blurevolve.network.BlurNetwork;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.network.Stabilizers;
import org.blurevolve.network.SynapseSymmetry;
import org.blurevolve.network.SynapseInit;
import org.blurevolve.network.Synapses;
import org.blurevolve.task.Batch;
import org.blurevolve.task.Episode;
import org.blurevolve.task.Seeds;
import org.blurevolve.task.SyntheticTasks;
import org.blurevolve.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fitness.synapse-limit (docs/model.md §8): a rule whose synapses grow geometrically (f~ = 1.5) while
 * activation normalisation hides the growth from its predictions is OK by NaN/Inf alone, and DIVERGED
 * from the first learning step whose synapses exceed the limit. The step is found independently, from
 * the exported synapses of a network stepped by hand.
 */
class SynapseLimitTest {
    private static final Task TASK = SyntheticTasks.make("random_xor", 2, 0, 4);
    private static final NetworkSpec SPEC = NetworkSpec.defaults(2, List.of(2, 12, 2))
            .withStabilizers(Stabilizers.none().withActivationNormalization(true));
    private static final int STEPS = 30;
    private static final long SEED = 17;

    @Test
    void theFirstStepBeyondTheLimitEndsTheReplicaAsDiverged() {
        Genome g = growing();
        double[] largest = largestMeanAbsPerStep(SPEC, g, Precision.FLOAT);
        int first = 12;
        assertTrue(largest[first] > 1.3 * largest[first - 1], "geometric growth between steps 11 and 12");
        double limit = Math.sqrt(largest[first] * largest[first - 1]);
        for (int t = 1; t < first; t++) {
            assertTrue(largest[t] < limit, "no earlier step exceeds the limit: step " + t);
        }
        UnrollSettings none = settings(List.of(first - 1, first, STEPS), 0);
        UnrollSettings limited = settings(List.of(first - 1, first, STEPS), limit);
        FitnessResult[][] free = InnerLoop.evaluateHorizons(SPEC, g, TASK, none, SEED, List.of(none.query()));
        FitnessResult[][] capped = InnerLoop.evaluateHorizons(SPEC, g, TASK, limited, SEED, List.of(none.query()));
        for (int h = 0; h < 3; h++) {
            assertEquals(EvaluationStatus.OK, free[h][0].status(), "NaN/Inf alone never stops it, horizon " + h);
        }
        assertEquals(free[0][0], capped[0][0], "before the limit is crossed the scores are the same bits");
        assertEquals(EvaluationStatus.DIVERGED, capped[1][0].status());
        assertEquals(EvaluationStatus.DIVERGED, capped[2][0].status());
        assertEquals(EvaluationStatus.DIVERGED, InnerLoop.evaluate(SPEC, g, TASK, limited, SEED).status());
        assertEquals(STEPS, free[2][0].steps(), "an OK horizon counts its own steps");
        assertEquals(first - 1, capped[0][0].steps());
        assertEquals(first - 1, capped[1][0].steps(), "steps 1.." + (first - 1) + " ended within the limit");
        assertEquals(first - 1, capped[2][0].steps());
        assertEquals(first - 1, InnerLoop.evaluate(SPEC, g, TASK, limited, SEED).steps());
    }

    /**
     * The steps of a diverged result are the fewest any replica completed. With an early horizon that
     * both replicas pass, replica 1 runs after replica 0 has failed; the limit is one that replica 0
     * crosses before replica 1 does, found by hand from each replica's exported synapses, so neither
     * the last replica's count nor the largest would give the same value.
     */
    @Test
    void theEarliestReplicaToFailSetsTheSteps() {
        Genome g = growing();
        double[] r0 = largestMeanAbsPerStep(SPEC, g, Precision.FLOAT, 0);
        double[] r1 = largestMeanAbsPerStep(SPEC, g, Precision.FLOAT, 1);
        double limit = Double.NaN;
        int[] crossing = null;
        for (int t = 3; t < STEPS && crossing == null; t++) {
            // between the two replicas' values at step t (their growth runs almost in step)
            double candidate = Math.sqrt(r0[t] * r1[t]);
            int c0 = firstBeyond(r0, candidate);
            int c1 = firstBeyond(r1, candidate);
            if (c0 < c1 && c1 <= STEPS) {
                limit = candidate;
                crossing = new int[] {c0, c1};
            }
        }
        assertTrue(crossing != null, "some limit is crossed by replica 0 before replica 1");
        UnrollSettings two = new UnrollSettings(List.of(2, STEPS), HorizonAggregate.MEAN, 2, 16, new QueryMode(16, false),
                2, Precision.FLOAT, 0, limit);
        FitnessResult[][] h = InnerLoop.evaluateHorizons(SPEC, g, TASK, two, SEED, List.of(two.query()));
        assertEquals(EvaluationStatus.OK, h[0][0].status(), "both replicas pass step 2");
        assertEquals(EvaluationStatus.DIVERGED, h[1][0].status());
        assertEquals(crossing[0] - 1, h[1][0].steps(), "replica 0 crossed at step " + crossing[0] + ", replica 1 at "
                + crossing[1]);
        assertEquals(crossing[0] - 1, InnerLoop.evaluate(SPEC, g, TASK, two, SEED).steps());
    }

    /** The first step t ≥ 1 whose value exceeds {@code limit}, or STEPS + 1. */
    private static int firstBeyond(double[] largest, double limit) {
        int t = 1;
        while (t <= STEPS && largest[t] <= limit) {
            t++;
        }
        return t;
    }

    @Test
    void aLimitAboveEveryStepChangesNothing() {
        Genome g = growing();
        double[] largest = largestMeanAbsPerStep(SPEC, g, Precision.FLOAT);
        double max = java.util.Arrays.stream(largest).max().orElseThrow();
        List<Integer> h = List.of(10, STEPS);
        assertEquals(InnerLoop.evaluate(SPEC, g, TASK, settings(h, 0), SEED),
                InnerLoop.evaluate(SPEC, g, TASK, settings(h, 2 * max), SEED));
    }

    /**
     * Both paths stop at the same step for the same limit, with G implicit (symmetric) and with G
     * stored (asymmetric: its blocks count too): T = first − 1 is OK on both, T = first DIVERGED on both.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SYMMETRIC", "ASYMMETRIC"})
    void evaluationAndMetaGradientStopAtTheSameStep(String symmetry) {
        NetworkSpec spec = SPEC.withSymmetry(SynapseSymmetry.valueOf(symmetry));
        Genome g = growing();
        double[] largest = largestMeanAbsPerStep(spec, g, Precision.DOUBLE);
        int first = 12;
        double limit = Math.sqrt(largest[first] * largest[first - 1]);
        for (int t = 1; t < first; t++) {
            assertTrue(largest[t] < limit, "no earlier step exceeds the limit: step " + t);
        }
        for (int steps : new int[] {first - 1, first}) {
            EvaluationStatus expected = steps < first ? EvaluationStatus.OK : EvaluationStatus.DIVERGED;
            UnrollSettings s = new UnrollSettings(List.of(steps), HorizonAggregate.MEAN, 2, 16, new QueryMode(16, false), 1,
                    Precision.DOUBLE, 0, limit);
            MetaGradientSettings m = new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, steps, 0, 0);
            assertEquals(expected, InnerLoop.evaluate(spec, g, TASK, s, SEED).status(), symmetry + " evaluation, T = " + steps);
            assertEquals(expected, MetaGradient.evaluate(spec, g, TASK, s, SEED, m).status(),
                    symmetry + " meta-gradient, T = " + steps);
        }
    }

    @Test
    void theMetaGradientAppliesTheSameLimit() {
        Genome g = growing();
        double[] largest = largestMeanAbsPerStep(SPEC, g, Precision.DOUBLE);
        MetaGradientSettings m = new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, STEPS, 0, 0);
        UnrollSettings below = settings(List.of(STEPS), largest[STEPS / 2]);
        UnrollSettings above = settings(List.of(STEPS), 2 * largest[STEPS]);
        assertEquals(EvaluationStatus.DIVERGED, MetaGradient.evaluate(SPEC, g, TASK, below, SEED, m).status());
        assertEquals(EvaluationStatus.OK, MetaGradient.evaluate(SPEC, g, TASK, above, SEED, m).status());
    }

    @Test
    void aTraceStopsAtTheSameStep(@TempDir Path dir) throws Exception {
        Genome g = growing();
        double[] largest = largestMeanAbsPerStep(SPEC, g, Precision.FLOAT);
        int first = 12;
        double limit = Math.sqrt(largest[first] * largest[first - 1]);
        Trace.Result free = Trace.write(SPEC, g, TASK, settings(List.of(STEPS), 0), SEED, dir.resolve("free"));
        Trace.Result capped = Trace.write(SPEC, g, TASK, settings(List.of(STEPS), limit), SEED, dir.resolve("capped"));
        assertFalse(free.diverged());
        assertEquals(STEPS + 1, free.queryAccuracy().size());
        assertTrue(capped.diverged());
        assertEquals(first, capped.queryAccuracy().size(), "accuracy before any step and after steps 1.." + (first - 1));
        assertEquals(free.queryAccuracy().subList(1, first), capped.queryAccuracy().subList(1, first));
        assertEquals(limit, JsonFiles.readTree(dir.resolve("capped/trace.json")).get("synapseLimit").doubleValue());
    }

    /**
     * fitness.synapse-limit-projection (docs/model.md §8, "Projected runaway"): the growing rule stays
     * within a limit of 1,000 times its synapses after T = 10 steps, so the unroll alone is OK; each
     * block's growth between steps 5 and 10, continued geometrically, passes that limit at a step c
     * worked out here from the exported synapses. A projection to P·T just above c makes the result
     * DIVERGED with ⌊c⌋ steps, one just below it changes nothing. In double, where both sums agree to
     * rounding; G blocks count when stored.
     */
    @ParameterizedTest(name = "{0}, T = {1}")
    @org.junit.jupiter.params.provider.CsvSource({"SYMMETRIC, 10", "ASYMMETRIC, 10", "SYMMETRIC, 11"})
    void growthProjectedPastTheLimitBeforePTimesTIsDiverged(String symmetry, int end) {
        NetworkSpec spec = SPEC.withSymmetry(SynapseSymmetry.valueOf(symmetry));
        Genome g = hebbianGrowth();
        int half = (end + 1) / 2; // ⌈T/2⌉: 5 for T = 10, 6 for T = 11
        double[][] m = meanAbsPerStep(spec, g, Precision.DOUBLE, 0);
        double limit = 1000 * java.util.Arrays.stream(m[end]).max().orElseThrow();
        double crossing = crossing(m, half, end, limit);
        assertTrue(Math.floor(crossing(m, half - 1, end, limit)) != Math.floor(crossing)
                        && Math.floor(crossing(m, half + 1, end, limit)) != Math.floor(crossing),
                "growth not geometric, so the rate from one step earlier or later would give another step: "
                        + crossing(m, half - 1, end, limit) + ", " + crossing + ", " + crossing(m, half + 1, end, limit));
        assertTrue(crossing > end + 5 && crossing < 10_000 && crossing - Math.floor(crossing) > 1e-6
                && Math.ceil(crossing) - crossing > 1e-6, "a crossing well past T and clear of a whole step: " + crossing);
        UnrollSettings plain = projected(List.of(4, end), limit, 0, 1, Precision.DOUBLE);
        UnrollSettings short_ = projected(List.of(4, end), limit, (crossing - 0.5) / end, 1, Precision.DOUBLE);
        UnrollSettings past = projected(List.of(4, end), limit, (crossing + 0.5) / end, 1, Precision.DOUBLE);
        FitnessResult free = InnerLoop.evaluate(spec, g, TASK, plain, SEED);
        assertEquals(EvaluationStatus.OK, free.status());
        FitnessResult shortOfIt = InnerLoop.evaluate(spec, g, TASK, short_, SEED);
        assertEquals(new FitnessResult(EvaluationStatus.OK, free.accuracy(), free.negCrossEntropy(), free.negL2(),
                (int) Math.ceil(crossing - 0.5)), shortOfIt, "crossing after P·T: the same scores, lasting ⌈P·T⌉ steps");
        FitnessResult[][] h = InnerLoop.evaluateHorizons(spec, g, TASK, past, SEED, List.of(past.query()));
        for (FitnessResult[] horizon : h) {
            assertEquals(EvaluationStatus.DIVERGED, horizon[0].status());
            assertEquals((int) Math.floor(crossing), horizon[0].steps());
        }
        FitnessResult r = InnerLoop.evaluate(spec, g, TASK, past, SEED);
        assertEquals(EvaluationStatus.DIVERGED, r.status());
        assertEquals((int) Math.floor(crossing), r.steps());
    }

    /**
     * In float the same projection: replica 0 projected to cross before P·T ends the evaluation (the
     * result equals a one-replica evaluation's) with replica 0's step, found by hand to within a step
     * (the hand sums are double, the network's float); a real crossing within the unroll keeps its
     * own, fewer steps.
     */
    @Test
    void aProjectedRunawayInFloatStopsTheEvaluationWithReplicaZerosStep() {
        Genome g = growing();
        int end = 10;
        double[][] m = meanAbsPerStep(SPEC, g, Precision.FLOAT, 0);
        double limit = 1000 * java.util.Arrays.stream(m[end]).max().orElseThrow();
        double crossing = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m[end].length; i++) {
            crossing = Math.min(crossing, end + Math.log(limit / m[end][i]) * (end - 5) / Math.log(m[end][i] / m[5][i]));
        }
        FitnessResult two = InnerLoop.evaluate(SPEC, g, TASK,
                projected(List.of(end), limit, 1000.0 / end, 2, Precision.FLOAT), SEED);
        assertEquals(EvaluationStatus.DIVERGED, two.status());
        assertEquals(Math.floor(crossing), two.steps(), 1.0, "replica 0's projected step (float sums: within a step)");
        FitnessResult one = InnerLoop.evaluate(SPEC, g, TASK,
                projected(List.of(end), limit, 1000.0 / end, 1, Precision.FLOAT), SEED);
        assertEquals(one, two, "replica 0's projection ends the evaluation: a second replica changes nothing");
        double[] largest = largestMeanAbsPerStep(SPEC, g, Precision.FLOAT, 0);
        double within = Math.sqrt(largest[end - 2] * largest[end - 1]); // crossed at step end − 1
        FitnessResult real = InnerLoop.evaluate(SPEC, g, TASK, projected(List.of(end), within, 1000.0 / end, 2,
                Precision.FLOAT), SEED);
        assertEquals(EvaluationStatus.DIVERGED, real.status());
        assertEquals(end - 2, real.steps(), "a crossing inside the unroll counts its completed steps");
    }

    /**
     * A replica that passes the limit at its very last step is not projected from synapses already past
     * it: its earlier horizon keeps its scores, and only the last horizon is DIVERGED, with the steps
     * completed within the limit. (Projected, its synapses past the limit would give a crossing before
     * T and mark every horizon DIVERGED.)
     */
    @Test
    void aReplicaThatPassesTheLimitAtItsLastStepIsNotProjected() {
        Genome g = growing();
        int end = 10;
        double[] largest = largestMeanAbsPerStep(SPEC, g, Precision.FLOAT);
        double limit = Math.sqrt(largest[end - 1] * largest[end]);
        for (int t = 1; t < end; t++) {
            assertTrue(largest[t] < limit, "no step before the last exceeds the limit: step " + t);
        }
        assertTrue(largest[end] > limit, "the last step exceeds it");
        double[][] m = meanAbsPerStep(SPEC, g, Precision.FLOAT, 0);
        assertTrue(crossing(m, (end + 1) / 2, end, limit) < end,
                "projected from the last step, the crossing would fall before T, well within P·T");
        UnrollSettings free = settings(List.of(4, end), 0);
        FitnessResult[][] unlimited = InnerLoop.evaluateHorizons(SPEC, g, TASK, free, SEED, List.of(free.query()));
        UnrollSettings p = projected(List.of(4, end), limit, 1000.0 / end, 1, Precision.FLOAT);
        FitnessResult[][] h = InnerLoop.evaluateHorizons(SPEC, g, TASK, p, SEED, List.of(p.query()));
        assertEquals(unlimited[0][0], h[0][0], "the 4-step horizon keeps its scores and steps");
        assertEquals(EvaluationStatus.OK, h[0][0].status());
        assertEquals(EvaluationStatus.DIVERGED, h[1][0].status());
        assertEquals(end - 1, h[1][0].steps(), "steps 1.." + (end - 1) + " ended within the limit");
    }

    /** The step at which the first block passes {@code limit}, growing on at its rate from step {@code half} to {@code end}. */
    private static double crossing(double[][] m, int half, int end, double limit) {
        double crossing = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m[end].length; i++) {
            assertTrue(m[end][i] > m[half][i], "block " + i + " grows");
            double perStep = Math.log(m[end][i] / m[half][i]) / (end - half);
            crossing = Math.min(crossing, end + Math.log(limit / m[end][i]) / perStep);
        }
        return crossing;
    }

    /** A rule whose synapses shrink (f~ = 0.5) never projects a crossing, however far P reaches. */
    @Test
    void shrinkingSynapsesAreNeverProjected() {
        double[] genes = Genome.random(SPEC.genomeLayout(false), 3).genes();
        genes[18] = 0.5;
        genes[19] = 0.0;
        Genome g = new Genome(SPEC.genomeLayout(false), genes);
        double[][] m = meanAbsPerStep(SPEC, g, Precision.DOUBLE, 0);
        for (int i = 0; i < m[10].length; i++) {
            assertTrue(m[10][i] < m[5][i], "block " + i + " shrinks");
        }
        double largest = java.util.Arrays.stream(m).skip(1).flatMapToDouble(java.util.Arrays::stream).max().orElseThrow();
        UnrollSettings far = projected(List.of(10), 2 * largest, 1e6, 1, Precision.DOUBLE);
        FitnessResult r = InnerLoop.evaluate(SPEC, g, TASK, far, SEED);
        assertEquals(EvaluationStatus.OK, r.status());
        assertEquals(10_000_000, r.steps(), "an OK result lasts ⌈P·T⌉ steps");
    }

    @Test
    void aProjectionNeedsALimitAndAFactorAboveOne() {
        assertThrows(IllegalArgumentException.class, () -> projected(List.of(5), 0, 2, 1, Precision.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> projected(List.of(5), 10, 0.5, 1, Precision.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> projected(List.of(5), 10, 1, 1, Precision.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> projected(List.of(5000), 10, 1e6, 1, Precision.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> projected(List.of(5), 10, Double.NaN, 1, Precision.FLOAT));
        assertThrows(IllegalArgumentException.class,
                () -> projected(List.of(5), 10, Double.POSITIVE_INFINITY, 1, Precision.FLOAT));
    }

    private static UnrollSettings projected(List<Integer> horizons, double limit, double projection, int replicas,
                                            Precision precision) {
        return new UnrollSettings(horizons, HorizonAggregate.MEAN, 2, 16, new QueryMode(16, false), replicas,
                precision, 0, limit, projection);
    }

    @Test
    void aNegativeOrInfiniteLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings(List.of(5), -1));
        assertThrows(IllegalArgumentException.class, () -> settings(List.of(5), Double.POSITIVE_INFINITY));
    }

    /** Random rule with synapse forget gate f~ = 1.5 (weights grow ×1.5 a step) and a small Hebbian rate. */
    private static Genome growing() {
        double[] genes = Genome.random(SPEC.genomeLayout(false), 3).genes();
        genes[18] = 1.5;
        genes[19] = 0.01;
        return new Genome(SPEC.genomeLayout(false), genes);
    }

    /** Random rule with no forgetting (f~ = 1) and a large Hebbian rate: growth that slows, far from geometric. */
    private static Genome hebbianGrowth() {
        double[] genes = Genome.random(SPEC.genomeLayout(false), 3).genes();
        genes[18] = 1.0;
        genes[19] = 0.5;
        return new Genome(SPEC.genomeLayout(false), genes);
    }

    private static UnrollSettings settings(List<Integer> horizons, double limit) {
        return new UnrollSettings(horizons, HorizonAggregate.MEAN, 2, 16, new QueryMode(16, false), 1,
                Precision.FLOAT, 0, limit);
    }

    /**
     * Step t → the largest mean |X| over every layer's F (and G when the spec stores it: asymmetric)
     * after t learning steps of replica 0, from exported synapses.
     */
    private static double[] largestMeanAbsPerStep(NetworkSpec base, Genome g, Precision precision) {
        return largestMeanAbsPerStep(base, g, precision, 0);
    }

    /** The same for replica {@code r}. */
    private static double[] largestMeanAbsPerStep(NetworkSpec base, Genome g, Precision precision, int r) {
        double[][] blocks = meanAbsPerStep(base, g, precision, r);
        double[] largest = new double[STEPS + 1];
        for (int t = 1; t <= STEPS; t++) {
            largest[t] = java.util.Arrays.stream(blocks[t]).max().orElseThrow();
        }
        return largest;
    }

    /**
     * Step t → each block's mean |X| (every layer's F, then every layer's G when the spec stores it)
     * after t learning steps of replica {@code r}, summed in double from exported synapses.
     */
    private static double[][] meanAbsPerStep(NetworkSpec base, Genome g, Precision precision, int r) {
        NetworkSpec spec = InnerLoop.fitted(base, TASK);
        BlurNetwork net = new BlurNetwork(spec, g, 16, precision);
        net.setSynapses(SynapseInit.draw(spec, Seeds.derive(SEED, r, 0)));
        Episode e = TASK.episode(Seeds.derive(SEED, r, 1), 16, STEPS, 2);
        double[][] out = new double[STEPS + 1][];
        for (int t = 1; t <= STEPS; t++) {
            Batch b = e.support().get(t - 1);
            net.learn(b.inputs(), b.targets());
            Synapses s = net.synapses();
            List<double[]> blocks = new java.util.ArrayList<>(List.of(s.forward()));
            if (base.symmetry() == SynapseSymmetry.ASYMMETRIC) {
                blocks.addAll(List.of(s.backward()));
            }
            out[t] = new double[blocks.size()];
            for (int i = 0; i < blocks.size(); i++) {
                double sum = 0;
                for (double v : blocks.get(i)) {
                    sum += Math.abs(v);
                }
                out[t][i] = sum / blocks.get(i).length;
            }
        }
        return out;
    }
}
