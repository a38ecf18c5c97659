package org.blurevolve.driver.config;

import java.util.ArrayList;
import java.util.List;
import org.blurevolve.driver.data.DataLocation;
import org.blurevolve.task.ImageTask;
import org.blurevolve.task.RunSeeds;
import org.blurevolve.task.SeedStream;
import org.blurevolve.task.TaskSpec;

/**
 * One entry of {@code tasks.meta-train} or {@code tasks.meta-test} as the experiment file states it;
 * {@link #specs} expands it into the task specs executors receive. Defaults come from
 * {@code blur.task-defaults} in reference.conf. Immutable, validated on construction.
 */
public sealed interface TaskEntry {

    /**
     * The task specs of this entry, the {@code entry}-th of task set {@code set} (0 meta-train, 1
     * meta-test); {@code dataRoot} holds the dataset folders.
     */
    List<TaskSpec> specs(RunSeeds seeds, int set, int entry, String dataRoot);

    /**
     * {@code draws} independent draws of a synthetic family.
     *
     * @param family  family name
     * @param outputs 1 or 2
     * @param bits    input bits of Boolean families
     * @param draws   how many tasks to draw, at least 1
     */
    record Synthetic(String family, int outputs, int bits, int draws) implements TaskEntry {
        public Synthetic {
            new TaskSpec.Synthetic(family, outputs, bits, 0);
            if (draws < 1) {
                throw new IllegalArgumentException("draws = " + draws + ": must be >= 1");
            }
        }

        @Override
        public List<TaskSpec> specs(RunSeeds seeds, int set, int entry, String dataRoot) {
            List<TaskSpec> out = new ArrayList<>();
            for (int d = 0; d < draws; d++) {
                out.add(new TaskSpec.Synthetic(family, outputs, bits, seeds.of(SeedStream.SYNTHETIC_TASK, set, entry, d)));
            }
            return out;
        }
    }

    /**
     * An image dataset with a resize and a class subset.
     *
     * @param dataset dataset name (mnist, fashion-mnist, or any folder name under the data root)
     * @param path    explicit IDX folder (an absolute path or a URI), or null for {@code <data-root>/<dataset>}
     * @param side    image side after resizing
     * @param classes class subset; class i of the list is output i
     * @param query   where query samples come from
     */
    record Images(String dataset, String path, int side, List<Integer> classes, ImageTask.QuerySplit query)
            implements TaskEntry {
        public Images {
            classes = List.copyOf(classes);
            new TaskSpec.Images(dataset, "", side, classes, query);
            if (dataset.isBlank() || dataset.contains("/") || dataset.contains("\0")) {
                throw new IllegalArgumentException("dataset = \"" + dataset + "\": give a folder name under data-root");
            }
        }

        @Override
        public List<TaskSpec> specs(RunSeeds seeds, int set, int entry, String dataRoot) {
            String dir = path != null ? path : DataLocation.child(dataRoot, dataset);
            return List.of(new TaskSpec.Images(dataset, dir, side, classes, query));
        }
    }
}
