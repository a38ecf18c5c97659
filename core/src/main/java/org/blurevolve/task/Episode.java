package org.blurevolve.task;

import java.util.List;

/**
 * The batches of one inner-loop run: T support batches to learn from and E query batches to score,
 * drawn so that no query sample is a support sample.
 */
public record Episode(List<Batch> support, List<Batch> query) {
    public Episode {
        support = List.copyOf(support);
        query = List.copyOf(query);
    }
}
