package org.blurevolve.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.blurevolve.task.SyntheticTasks;

/**
 * Reads a task list ({@code tasks.meta-train}, {@code tasks.meta-test}) of an experiment: synthetic
 * families or image datasets, each entry validated, problems added to the loader's shared list.
 */
final class TaskEntries {
    private static final Set<String> TASK_KEYS = Set.of("family", "draws", "outputs", "bits", "dataset", "path",
            "side", "classes", "query");

    private final Config c;
    private final String file;
    private final Path baseDir;
    private final List<String> problems;

    TaskEntries(Config c, String file, Path baseDir, List<String> problems) {
        this.c = c;
        this.file = file;
        this.baseDir = baseDir;
        this.problems = problems;
    }

    /** The entries under {@code key}, or null when the value is not a list of objects. */
    List<TaskConfig> read(String key) {
        List<TaskConfig> out = new ArrayList<>();
        List<? extends Config> entries;
        try {
            entries = c.getConfigList(key);
        } catch (ConfigException e) {
            bad(key, describe(key), "must be a list of task objects, e.g. [{family = xor}]");
            return null;
        }
        for (int i = 0; i < entries.size(); i++) {
            Config t = entries.get(i);
            String at = key + "[" + i + "]";
            for (String k : t.root().keySet()) {
                if (!TASK_KEYS.contains(k)) {
                    bad(at + "." + k, "", "unknown task key; known: " + TASK_KEYS);
                }
            }
            boolean image = t.hasPath("dataset");
            if (image == t.hasPath("family")) {
                bad(at, t.root().render(ConfigRenderOptions.concise()), "set exactly one of family (synthetic) or dataset (images)");
                continue;
            }
            try {
                if (image) {
                    String dataset = t.getString("dataset");
                    Path path = t.hasPath("path") ? baseDir.resolve(t.getString("path")) : null;
                    int side = t.hasPath("side") ? t.getInt("side") : 28;
                    List<Integer> classes = t.hasPath("classes") ? t.getIntList("classes") : List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
                    String q = t.hasPath("query") ? t.getString("query").toUpperCase(Locale.ROOT) : "VALIDATION";
                    if (side < 1 || side > 28) {
                        bad(at + ".side", String.valueOf(side), "must be in 1..28");
                    }
                    if (classes.size() < 2 || classes.stream().anyMatch(x -> x < 0 || x > 255)) {
                        bad(at + ".classes", classes.toString(), "list at least 2 class labels in 0..255");
                    }
                    if (!Set.of("VALIDATION", "TEST").contains(q)) {
                        bad(at + ".query", q, "use validation or test");
                    }
                    out.add(new TaskConfig(null, 1, classes.size(), 0, dataset, path, side, classes, q));
                } else {
                    String family = t.getString("family");
                    int draws = t.hasPath("draws") ? t.getInt("draws") : 1;
                    int outputs = t.hasPath("outputs") ? t.getInt("outputs") : 2;
                    int bits = t.hasPath("bits") ? t.getInt("bits") : 4;
                    if (!SyntheticTasks.FAMILIES.contains(family)) {
                        bad(at + ".family", family, "unknown family; known: " + SyntheticTasks.FAMILIES);
                    }
                    if (draws < 1) {
                        bad(at + ".draws", String.valueOf(draws), "must be >= 1");
                    }
                    if (outputs != 1 && outputs != 2) {
                        bad(at + ".outputs", String.valueOf(outputs), "use 1 (±1 target) or 2 (one-hot)");
                    }
                    if (bits < 1 || bits > 20) {
                        bad(at + ".bits", String.valueOf(bits), "must be in 1..20");
                    }
                    out.add(new TaskConfig(family, draws, outputs, bits, null, null, 0, List.of(), "VALIDATION"));
                }
            } catch (ConfigException e) {
                problems.add(file + ": " + at + ": " + e.getMessage());
            }
        }
        return out;
    }

    private String describe(String key) {
        return ExperimentLoader.describe(c, key);
    }

    private void bad(String key, String value, String fix) {
        problems.add(ExperimentLoader.problem(file, key, value, fix));
    }
}
