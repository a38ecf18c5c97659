package org.blurevolve.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.blurevolve.driver.data.DataLocation;
import org.blurevolve.task.ImageTask;

/**
 * Reads a task list ({@code tasks.meta-train}, {@code tasks.meta-test}) or a single task: each entry
 * over {@code blur.task-defaults} of reference.conf, unknown keys refused, problems collected.
 */
final class TaskLists {
    private final ConfReader root;
    private final String file;
    private final Path baseDir;

    TaskLists(ConfReader root, String file, Path baseDir) {
        this.root = root;
        this.file = file;
        this.baseDir = baseDir;
    }

    /**
     * The entries under {@code key}; empty (with a problem) when the value is not a list of objects.
     * An image entry whose queries come from the test split is refused: evolution (meta-train and
     * meta-test) reads validation splits only; test splits are read by {@code blur eval} alone.
     */
    List<TaskEntry> read(String key) {
        List<? extends Config> entries;
        try {
            entries = root.config().getConfigList(key);
        } catch (ConfigException e) {
            root.bad(key, root.render(key), "must be a list of task objects, e.g. [{family = xor}]");
            return List.of();
        }
        List<TaskEntry> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            TaskEntry t = entry(entries.get(i), key + "[" + i + "]");
            if (t instanceof TaskEntry.Images img && img.query() == ImageTask.QuerySplit.TEST) {
                root.bad(key + "[" + i + "].query", "test", "evolution reads validation splits only (the last sixth"
                        + " of train); test splits are for blur eval alone: use query = validation");
            } else if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** The task's {@code path}: a URI as written, or a path relative to the experiment file's folder. */
    private String location(ConfReader r, String at) {
        String v = r.str("path");
        try {
            return DataLocation.resolve(baseDir, v);
        } catch (IllegalArgumentException e) {
            root.bad(at, "\"" + v + "\"", e.getMessage());
            return null;
        }
    }

    /** One entry, e.g. {@code {dataset = mnist, side = 14}}, or null with the problems recorded. */
    TaskEntry entry(Config t, String at) {
        boolean image = t.hasPath("dataset");
        if (image == t.hasPath("family")) {
            root.bad(at, t.root().render(com.typesafe.config.ConfigRenderOptions.concise()),
                    "set exactly one of family (synthetic) or dataset (images)");
            return null;
        }
        String kind = image ? "images" : "synthetic";
        Config defaults = root.config().getConfig("task-defaults." + kind);
        for (String k : t.root().keySet()) {
            if (!defaults.hasPath(k) && !k.equals(image ? "dataset" : "family") && !(image && k.equals("path"))) {
                root.bad(at + "." + k, t.root().get(k).render(com.typesafe.config.ConfigRenderOptions.concise()), "unknown " + kind + " task key; known: "
                        + (image ? "dataset, path, " : "family, ") + defaults.root().keySet());
            }
        }
        ConfReader r = new ConfReader(t.withFallback(defaults), file, at + ".", root.problems());
        if (image) {
            String dataset = r.str("dataset");
            String path = t.hasPath("path") ? location(r, at + ".path") : null;
            int side = r.integer("side", 1, 28);
            List<Integer> classes = r.intList("classes", 0, 255);
            ImageTask.QuerySplit query = r.enumOf("query", ImageTask.QuerySplit.class);
            return root.build(at, () -> new TaskEntry.Images(dataset, path, side, classes, query));
        }
        String family = r.str("family");
        int outputs = r.integer("outputs", 1, 2);
        int bits = r.integer("bits", 1, 20);
        int draws = r.integer("draws", 1, 100_000);
        return root.build(at, () -> new TaskEntry.Synthetic(family, outputs, bits, draws));
    }
}
