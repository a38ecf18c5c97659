package org.blurevolve.driver.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.scoring.GenomeScore;
import org.blurevolve.fitness.EvaluationPlan;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.fitness.PlanEvaluator;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An evaluation that throws is a FAILED result with the worst fitness, never an exception into Spark. */
class EvaluationFailureTest {
    @Test
    void throwingEvaluationIsFailedWithWorstFitness(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("f.conf");
        Files.writeString(conf, "blur { name = f, network.hidden = [4], inner-loop.batch = 8 }");
        EvaluationPlan plan = ExperimentLoader.load(conf, List.of()).plan();
        // A genome cannot be built with the wrong number of genes any more; one of another K does not
        // fit the network, so building the network for it throws inside the evaluation.
        Genome misfit = Genome.random(GenomeLayout.shared(plan.layout().k() + 1), 0);
        var result = PlanEvaluator.of(plan, org.blurevolve.data.DataFiles.LOCAL).evaluate(misfit, TaskSet.META_TRAIN, 0, 0);
        assertEquals(EvaluationStatus.FAILED, result.status());
        assertEquals(Double.NEGATIVE_INFINITY, result.fitness(FitnessMetric.ACCURACY));
        GenomeScore score = new GenomeScore(List.of(result));
        assertEquals(EvaluationStatus.FAILED, score.status());
    }
}
