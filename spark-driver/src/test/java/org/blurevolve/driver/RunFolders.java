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
     * The rows of a run's metrics.csv without the wall-clock and Spark-job-time columns: what two runs
     * of the same experiment must agree on exactly, whatever machine or scorer ran them.
     */
    static List<String> comparableMetrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(line -> {
            String[] c = line.split(",", -1);
            return String.join(",", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[10]);
        }).toList();
    }
}
