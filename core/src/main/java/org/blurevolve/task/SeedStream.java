package org.blurevolve.task;

/**
 * The named random streams of a run (docs/model.md §8). Under {@link RunSeeds#CURRENT_SCHEME} the
 * seed of stream s at path (i, j, …) is {@code Seeds.derive(runSeed, s.tag(), i, j, …)}: every tag
 * is negative and every index a stream takes is non-negative, so no two streams, and no two paths
 * of one stream, share a derivation path.
 */
public enum SeedStream {
    /** Synapse init and batches of a genome on meta-train task t in generation g: (g, t). */
    EVALUATION(-1),
    /** The same on meta-test task t in generation g: (g, t). */
    META_TEST(-2),
    /** The i-th random genome of the initial population: (i). */
    INITIAL_GENOME(-3),
    /** Draw d of synthetic task entry e of task set s (0 meta-train, 1 meta-test): (s, e, d). */
    SYNTHETIC_TASK(-4),
    /** Selection and alteration of the genetic algorithm in generation g: (g). */
    GA_GENERATION(-5),
    /** CMA-ES sampling in generation g: (g). */
    CMA_SAMPLING(-6),
    /** Replica r of {@code blur eval}: (r). */
    EVAL_REPLICA(-7),
    /** Synthetic tasks named on the {@code blur eval} command line: (). */
    EVAL_TASK(-8),
    /** Synapse init and batches of meta-gradient step s of generation g on meta-train task t: (g, s, t). */
    META_GRADIENT(-9);

    private final long tag;

    SeedStream(long tag) {
        this.tag = tag;
    }

    /** The first element of every derivation path of this stream. */
    public long tag() {
        return tag;
    }
}
