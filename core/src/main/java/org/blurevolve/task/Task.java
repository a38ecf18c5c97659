package org.blurevolve.task;

/**
 * A learning problem for the inner loop: a fixed input and output size and a way to draw episodes
 * deterministically from a seed. Implementations are immutable and thread-safe.
 */
public interface Task {
    /** A short name for tables and metrics, e.g. {@code xor} or {@code mnist14[0-9]}. */
    String name();

    /** Input neurons n_0. */
    int inputs();

    /** Output neurons n_L. */
    int outputs();

    /** Draws T support and E query batches of {@code batch} samples from {@code seed}. */
    Episode episode(long seed, int batch, int supportBatches, int queryBatches);
}
