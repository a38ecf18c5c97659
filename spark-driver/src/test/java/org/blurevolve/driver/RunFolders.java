package org.blurevolve.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.blurevolve.io.JsonFiles;

/** Test helpers for run folders. */
final class RunFolders {
    private RunFolders() {
    }

    /**
     * The rows of a run's metrics.csv without the wall-clock and Spark-job-time columns (8 and 9) and
     * the two fault counts before the last column (what happened on the cluster, not what was computed): what two
     * runs of the same experiment must agree on exactly, whatever machine or scorer ran them,
     * including the best genome's per-task columns.
     */
    static List<String> comparableMetrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(line -> {
            List<String> c = new ArrayList<>(List.of(line.split(",", -1)));
            c.remove(c.size() - 2);
            c.remove(c.size() - 2);
            c.remove(9);
            c.remove(8);
            return String.join(",", c);
        }).toList();
    }

    /**
     * The rows of a run's metrics.jsonl (one JSON object per line) without {@code wall_seconds} and
     * {@code job_seconds} and the fault counts: the same comparison as {@link #comparableMetrics} for the JSON twin.
     */
    static List<String> comparableJsonMetrics(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode row = JsonFiles.mapper().readTree(line);
            if (!row.isObject()) {
                throw new IOException(run + "/metrics.jsonl: a row is not a JSON object: " + line);
            }
            ((ObjectNode) row).remove(List.of("wall_seconds", "job_seconds", "lost_executors", "failed_tasks"));
            out.add(row.toString());
        }
        return out;
    }
}
