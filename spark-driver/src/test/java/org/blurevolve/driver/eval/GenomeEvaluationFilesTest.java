package org.blurevolve.driver.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blurevolve.task.ImageTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files `blur eval` writes: rows in both formats, and the markdown's accuracy column naming the split. */
class GenomeEvaluationFilesTest {
    @TempDir
    Path dir;

    private static final List<GenomeEvaluation.Row> ROWS = List.of(
            new GenomeEvaluation.Row("mnist14[0,1]", 15, "genome 0", "", "qb=1", 0.75, 0.0125, 3, 0),
            new GenomeEvaluation.Row("mnist14[0,1]", 15, "genome 1", "", "qb=1", 0.875, 0.25, 3, 1));

    @Test
    void validationScoresAreLabelledValidationNotTest() throws Exception {
        GenomeEvaluation.write(dir, ROWS, true, ImageTask.QuerySplit.VALIDATION);
        List<String> md = Files.readAllLines(dir.resolve("results.md"));
        assertEquals("| task | steps | method | setting | query | validation accuracy (mean ± std) | replicas | diverged |",
                md.get(0));
        assertEquals("| mnist14[0,1] | 15 | genome 1 |  | qb=1 | 0.8750 ± 0.2500 | 3 | 1 |", md.get(2), "ranked best first");
        assertEquals("mnist14[0;1],15,genome 1,,qb=1,0.875000,0.250000,3,1", Files.readAllLines(dir.resolve("results.csv")).get(1));
    }

    @Test
    void testScoresAreLabelledTestAndKeepTheirOrderUnranked() throws Exception {
        GenomeEvaluation.write(dir, ROWS, false, ImageTask.QuerySplit.TEST);
        List<String> md = Files.readAllLines(dir.resolve("results.md"));
        assertEquals("| task | steps | method | setting | query | test accuracy (mean ± std) | replicas | diverged |", md.get(0));
        assertEquals("| mnist14[0,1] | 15 | genome 0 |  | qb=1 | 0.7500 ± 0.0125 | 3 | 0 |", md.get(2));
    }
}
