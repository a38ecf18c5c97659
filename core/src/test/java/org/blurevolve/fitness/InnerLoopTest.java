package org.blurevolve.fitness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.network.Activation;
import org.blurevolve.network.Feedback;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.task.SyntheticTasks;
import org.blurevolve.task.Task;
import org.junit.jupiter.api.Test;

class InnerLoopTest {
    private static final NetworkSpec SPEC = NetworkSpec.defaults(2, List.of(2, 20, 2));
    private static final UnrollSettings SETTINGS = new UnrollSettings(10, 4, 64, 2, Precision.FLOAT, 0);

    @Test
    void sameSeedGivesBitIdenticalResults() {
        Task task = SyntheticTasks.make("random_xor", 2, 0, 4);
        Genome g = Genome.random(GenomeLayout.shared(2), 8);
        FitnessResult a = InnerLoop.evaluate(SPEC, g, task, SETTINGS, 77);
        FitnessResult b = InnerLoop.evaluate(SPEC, g, task, SETTINGS, 77);
        assertEquals(a, b);
        assertEquals(EvaluationStatus.OK, a.status());
    }

    @Test
    void explodingGenomeIsDivergedNotAnException() {
        double[] genes = Genome.random(GenomeLayout.shared(2), 1).genes();
        genes[19] = 1e30;
        genes[18] = 1e30;
        NetworkSpec linear = SPEC.withActivations(
                org.blurevolve.network.StateActivations.of(Activation.IDENTITY),
                org.blurevolve.network.StateActivations.of(Activation.IDENTITY),
                org.blurevolve.network.StateActivations.of(Activation.IDENTITY));
        FitnessResult r = InnerLoop.evaluate(linear, new Genome(GenomeLayout.shared(2), genes),
                SyntheticTasks.make("xor", 2, 0, 0), SETTINGS, 1);
        assertEquals(EvaluationStatus.DIVERGED, r.status());
        assertEquals(Double.NEGATIVE_INFINITY, r.fitness(FitnessMetric.ACCURACY));
    }

    @Test
    void backpropGenomeLearnsAnEasyTaskWellAboveChance() {
        NetworkSpec bp = NetworkSpec.backprop(List.of(2, 20, 2), Activation.TANH, Activation.TANH_DERIVATIVE,
                Feedback.ERROR);
        FitnessResult r = InnerLoop.evaluate(bp, Genome.backprop(-0.005), SyntheticTasks.make("and", 2, 0, 0),
                new UnrollSettings(40, 8, 64, 3, Precision.FLOAT, 0), 3);
        assertEquals(EvaluationStatus.OK, r.status());
        assertTrue(r.accuracy() > 0.85, "SGD through the backprop genome reaches " + r.accuracy() + " on AND");
        assertTrue(r.negL2() > -1.0);
    }

    @Test
    void evaluationPastItsTimeBudgetIsTimeoutWithWorstFitness() {
        FitnessResult r = InnerLoop.evaluate(SPEC, Genome.random(GenomeLayout.shared(2), 1),
                SyntheticTasks.make("xor", 2, 0, 0), new UnrollSettings(10, 2, 64, 1, Precision.FLOAT, 1e-9), 1);
        assertEquals(EvaluationStatus.TIMEOUT, r.status());
        assertEquals(Double.NEGATIVE_INFINITY, r.fitness(FitnessMetric.NEG_L2));
        assertEquals(1, r.steps(), "a 1 ns budget has run out after the first learning step, which was done");
    }
}
