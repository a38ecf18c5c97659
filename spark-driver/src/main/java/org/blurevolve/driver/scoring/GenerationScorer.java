package org.blurevolve.driver.scoring;

import java.util.List;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;
import org.blurevolve.gradient.MetaGradientSettings;

/**
 * Scores genomes of one generation on every task of a task set: the one seam where the distribution
 * enters (docs/architecture.md). Implementations return one score per genome, in order, and give
 * identical results for the same inputs however the work is spread.
 */
public interface GenerationScorer extends AutoCloseable {
    /** Scores {@code genomes} on every task of {@code set} with the seeds of {@code generation}. */
    List<GenomeScore> score(List<Genome> genomes, TaskSet set, long generation);

    /**
     * The meta-gradient of {@code genome} over every meta-train task and replica, for meta-gradient
     * step {@code step} of generation {@code generation} (docs/model.md §10); one job on a cluster.
     */
    GradientScore gradient(Genome genome, long generation, int step, MetaGradientSettings settings);

    /**
     * The faults seen since the previous call (lost executors, failed task attempts). Cluster events
     * arrive asynchronously, so a fault at the very end of one call may be counted in the next.
     */
    default Faults takeFaults() {
        return Faults.NONE;
    }

    /** A short description for logs, e.g. {@code spark local[2]} or {@code in-process ×2}. */
    String describe();

    @Override
    void close();
}
