package org.blurevolve.driver.evolution;

import java.util.List;

/**
 * Scores a batch of genomes of one generation on every meta-train task: the seam where the
 * distribution enters. Implementations return one score per genome, in order, and give identical
 * results for the same inputs however the work is spread.
 */
public interface GenerationScorer extends AutoCloseable {
    List<GenomeScore> score(List<double[]> genomes, long generation);

    /** A short description for logs, e.g. {@code spark local[2]} or {@code in-process ×2}. */
    String describe();

    @Override
    void close();
}
