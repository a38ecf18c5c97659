package org.blurevolve.driver.config;

import java.nio.file.Path;
import java.util.List;

/**
 * One entry of {@code tasks.meta-train} or {@code tasks.meta-test}: a synthetic family (with
 * {@code draws} independent draws) or an image dataset with a resize and a class subset.
 *
 * @param family  synthetic family name, or null for an image task
 * @param draws   how many tasks of the family to draw
 * @param outputs 1 or 2 outputs for a synthetic task
 * @param bits    input bits for Boolean families
 * @param dataset dataset name (mnist, fashion-mnist), or null for a synthetic task
 * @param path    explicit IDX folder, or null for {@code <data-root>/<dataset>}
 * @param side    image side after resizing
 * @param classes class subset; class i of the list is output i
 * @param query   VALIDATION or TEST
 */
public record TaskConfig(String family, int draws, int outputs, int bits, String dataset, Path path, int side,
                         List<Integer> classes, String query) {
    public TaskConfig {
        classes = classes == null ? List.of() : List.copyOf(classes);
    }

    public boolean isImage() {
        return dataset != null;
    }
}
