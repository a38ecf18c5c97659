package org.blurevolve.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helpers for run folders. */
final class RunFolders {
    private RunFolders() {
    }

    /**
     * The rows of a run's metrics.csv without the wall-clock and Spark-job-time columns (8 and 9): what
     * two runs of the same experiment must agree on exactly, whatever machine or scorer ran them,
     * including the best genome's per-task columns.
     */
    static List<String> comparableMetrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(line -> {
            List<String> c = new java.util.ArrayList<>(List.of(line.split(",", -1)));
            c.remove(9);
            c.remove(8);
            return String.join(",", c);
        }).toList();
    }
}
