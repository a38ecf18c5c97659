package org.blurevolve.fitness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.blurevolve.genome.Genome;
import org.blurevolve.network.ActivationStatistics;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.network.Stabilizers;
import org.blurevolve.network.SynapseNormalization;
import org.blurevolve.task.Batch;
import org.blurevolve.task.SyntheticTasks;
import org.blurevolve.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several horizons scored along one unroll (docs/model.md §8): query steps in the middle never
 * change the trajectory, so each horizon's score equals a separate unroll of that length bit for bit,
 * also where query steps would change state (neurons kept between steps, STORED synapse
 * normalisation, SUPPORT statistics). Also: aggregates, query modes and the curriculum.
 */
class HorizonsTest {
    private static final Task TASK = SyntheticTasks.make("random_xor", 2, 0, 4);
    private static final NetworkSpec BASE = NetworkSpec.defaults(2, List.of(2, 12, 2));

    static Stream<Arguments> specs() {
        Stabilizers st = Stabilizers.none();
        return Stream.of(
                Arguments.of("defaults", BASE),
                Arguments.of("neurons kept, stored normalisation, support statistics", BASE.withZeroNeurons(false)
                        .withStabilizers(st.withNormalization(SynapseNormalization.STORED, false)
                                .withActivationNormalization(ActivationStatistics.SUPPORT, true))),
                Arguments.of("batch statistics, output un-normalised", BASE.withZeroNeurons(false)
                        .withStabilizers(st.withActivationNormalization(ActivationStatistics.BATCH, false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void eachHorizonOfOneUnrollEqualsASeparateUnrollBitForBit(String name, NetworkSpec spec) {
        Genome g = genome(spec, 0.002);
        UnrollSettings multi = new UnrollSettings(List.of(15, 50, 200), HorizonAggregate.MEAN, 3, 16,
                new QueryMode(16, false), 2, Precision.FLOAT, 0);
        FitnessResult[][] along = InnerLoop.evaluateHorizons(spec, g, TASK, multi, 41, List.of(multi.query()));
        for (int h = 0; h < 3; h++) {
            FitnessResult alone = InnerLoop.evaluate(spec, g, TASK, multi.withHorizons(List.of(multi.horizons().get(h))), 41);
            assertEquals(EvaluationStatus.OK, alone.status(), name);
            assertEquals(alone, along[h][0], name + " horizon " + multi.horizons().get(h));
        }
        assertNotEquals(along[0][0].negL2(), along[2][0].negL2(), "the horizons are different points of the unroll");
    }

    @Test
    void aggregatesAreTheMeanAndTheMinimumOverHorizons() {
        NetworkSpec spec = BASE;
        Genome g = genome(spec);
        UnrollSettings multi = new UnrollSettings(List.of(2, 6, 12), HorizonAggregate.MEAN, 2, 16,
                new QueryMode(16, false), 1, Precision.DOUBLE, 0);
        FitnessResult[][] along = InnerLoop.evaluateHorizons(spec, g, TASK, multi, 5, List.of(multi.query()));
        double[] ce = Arrays.stream(along).mapToDouble(r -> r[0].negCrossEntropy()).toArray();
        FitnessResult mean = InnerLoop.evaluate(spec, g, TASK, multi, 5);
        FitnessResult min = InnerLoop.evaluate(spec, g, TASK, new UnrollSettings(multi.horizons(), HorizonAggregate.MIN,
                2, 16, multi.query(), 1, Precision.DOUBLE, 0), 5);
        assertEquals((ce[0] + ce[1] + ce[2]) / 3, mean.negCrossEntropy(), 1e-15);
        assertEquals(Arrays.stream(ce).min().orElseThrow(), min.negCrossEntropy(), 0.0);
    }

    @Test
    void supportStatisticsPredictTheSameAtQueryBatchOneAndOnClassSortedBatches() {
        NetworkSpec spec = BASE.withStabilizers(Stabilizers.none()
                .withActivationNormalization(ActivationStatistics.SUPPORT, true));
        Genome g = genome(spec);
        UnrollSettings s = new UnrollSettings(List.of(10), HorizonAggregate.MEAN, 4, 16, new QueryMode(16, false), 1,
                Precision.DOUBLE, 0);
        List<QueryMode> modes = List.of(new QueryMode(16, false), new QueryMode(1, false), new QueryMode(16, true),
                new QueryMode(8, true));
        FitnessResult[] r = InnerLoop.evaluateHorizons(spec, g, TASK, s, 3, modes)[0];
        for (int m = 1; m < modes.size(); m++) {
            assertEquals(r[0].accuracy(), r[m].accuracy(), 0.0, modes.get(m).label());
            assertEquals(r[0].negCrossEntropy(), r[m].negCrossEntropy(), 1e-12, modes.get(m).label());
        }
    }

    @Test
    void batchStatisticsDependOnTheQueryBatch() {
        NetworkSpec spec = BASE.withStabilizers(Stabilizers.none().withActivationNormalization(true));
        UnrollSettings s = new UnrollSettings(List.of(10), HorizonAggregate.MEAN, 4, 16, new QueryMode(16, false), 1,
                Precision.DOUBLE, 0);
        FitnessResult[] r = InnerLoop.evaluateHorizons(spec, genome(spec), TASK, s, 3,
                List.of(new QueryMode(16, false), new QueryMode(1, false)))[0];
        assertNotEquals(r[0].negCrossEntropy(), r[1].negCrossEntropy());
    }

    @Test
    void classSortedCutsKeepEverySampleAndSortByClass() {
        List<Batch> query = TASK.episode(9, 8, 1, 3).query();
        List<Batch> sorted = new QueryMode(4, true).cut(query);
        assertEquals(6, sorted.size());
        int[] labels = sorted.stream().flatMapToInt(b -> Arrays.stream(b.labels())).toArray();
        int[] drawn = query.stream().flatMapToInt(b -> Arrays.stream(b.labels())).sorted().toArray();
        assertTrue(Arrays.equals(drawn, labels), "sorted labels " + Arrays.toString(labels));
        double inputs = query.stream().flatMapToDouble(b -> Arrays.stream(b.inputs())).sum();
        assertEquals(inputs, sorted.stream().flatMapToDouble(b -> Arrays.stream(b.inputs())).sum(), 1e-9);
    }

    @Test
    void curriculumCapsHorizonsDeterministically() {
        HorizonCurriculum c = new HorizonCurriculum(15, 2.0, 5);
        List<Integer> h = List.of(15, 50, 200);
        assertEquals(List.of(15), c.horizonsAt(h, 0));
        assertEquals(List.of(15), c.horizonsAt(h, 4));
        assertEquals(List.of(15, 30), c.horizonsAt(h, 5));
        assertEquals(List.of(15, 50, 60), c.horizonsAt(h, 10));
        assertEquals(List.of(15, 50, 120), c.horizonsAt(h, 15));
        assertEquals(h, c.horizonsAt(h, 20));
        assertEquals(h, c.horizonsAt(h, 1_000_000_000L));
        assertEquals(h, HorizonCurriculum.off().horizonsAt(h, 3));
    }

    private static Genome genome(NetworkSpec spec) {
        return genome(spec, 0.05);
    }

    /** A random genome with Hebbian rate η~ = {@code rate}. */
    private static Genome genome(NetworkSpec spec, double rate) {
        double[] genes = Genome.random(spec.genomeLayout(false), 8).genes();
        genes[genes.length - (spec.stabilizers().activationNormalization() ? 3 : 1)] = rate;
        return new Genome(spec.genomeLayout(false), genes);
    }
}
