package org.blurevolve.driver.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An evaluation that throws is a FAILED result with the worst fitness, never an exception into Spark. */
class EvaluationFailureTest {
    @Test
    void throwingEvaluationIsFailedWithWorstFitness(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("f.conf");
        Files.writeString(conf, "blur { name = f, network.hidden = [4], inner-loop.batch = 8 }");
        ExperimentContext context = ExperimentContext.of(ExperimentLoader.load(conf, List.of()));
        double[] tooShort = new double[3];
        var result = context.evaluate(tooShort, 0, 0);
        assertEquals(EvaluationStatus.FAILED, result.status());
        assertEquals(Double.NEGATIVE_INFINITY, result.fitness(FitnessMetric.ACCURACY));
        GenomeScore score = new GenomeScore(List.of(result));
        assertEquals(EvaluationStatus.FAILED, score.status());
    }
}
