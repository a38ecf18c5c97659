package org.blurevolve.task;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import org.blurevolve.data.ImageDataset;

/**
 * What defines one task of an experiment, small enough to ship to executors (docs/model.md §9):
 * a synthetic family with its draw seed, or an image dataset folder with a resize and a class
 * subset. Validated on construction; {@link #build} makes the task. Immutable.
 */
public sealed interface TaskSpec extends Serializable {

    /** Builds the task; {@code datasets} reads (or returns a cached copy of) a dataset folder. */
    Task build(Function<String, ImageDataset.Splits> datasets);

    /**
     * A synthetic task (docs/model.md §9).
     *
     * @param family  one of {@link SyntheticTasks#FAMILIES}
     * @param outputs 1 (±1 target) or 2 (one-hot)
     * @param bits    input bits of the Boolean families, 1..20
     * @param seed    seed of the family's random parameters
     */
    record Synthetic(String family, int outputs, int bits, long seed) implements TaskSpec {
        public Synthetic {
            if (!SyntheticTasks.FAMILIES.contains(family)) {
                throw new IllegalArgumentException("family = " + family + ": unknown; known: " + SyntheticTasks.FAMILIES);
            }
            if (outputs != 1 && outputs != 2) {
                throw new IllegalArgumentException("outputs = " + outputs + ": use 1 (±1 target) or 2 (one-hot)");
            }
            if (bits < 1 || bits > 20) {
                throw new IllegalArgumentException("bits = " + bits + ": must be in 1..20");
            }
        }

        @Override
        public Task build(Function<String, ImageDataset.Splits> datasets) {
            return SyntheticTasks.make(family, outputs, bits, seed);
        }
    }

    /**
     * An image classification task over an IDX dataset folder.
     *
     * @param dataset   the dataset's name (for task names)
     * @param directory the folder holding its IDX files: a local path, or a URI the reader's
     *                  {@link org.blurevolve.data.DataFiles} understands
     * @param side      image side after resizing, 1..28
     * @param classes   distinct class labels in 0..255, at least 2; class {@code classes[i]} is output i
     * @param query     where query samples come from
     */
    record Images(String dataset, String directory, int side, List<Integer> classes, ImageTask.QuerySplit query)
            implements TaskSpec {
        public Images {
            classes = List.copyOf(classes);
            if (side < 1 || side > 28) {
                throw new IllegalArgumentException("side = " + side + ": must be in 1..28");
            }
            if (classes.size() < 2 || classes.stream().anyMatch(c -> c < 0 || c > 255)
                    || new HashSet<>(classes).size() != classes.size()) {
                throw new IllegalArgumentException("classes = " + classes
                        + ": list at least 2 distinct class labels in 0..255");
            }
            if (query == null) {
                throw new IllegalArgumentException("query split must be set");
            }
        }

        /** The same task read from another folder (e.g. a copy shipped with the application). */
        public Images withDirectory(String other) {
            return new Images(dataset, other, side, classes, query);
        }

        @Override
        public Task build(Function<String, ImageDataset.Splits> datasets) {
            return new ImageTask(dataset, datasets.apply(directory), side, classes, query);
        }
    }
}
