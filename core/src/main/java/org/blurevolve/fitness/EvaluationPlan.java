package org.blurevolve.fitness;

import java.io.Serializable;
import java.util.List;
import java.util.function.UnaryOperator;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.task.RunSeeds;
import org.blurevolve.task.TaskSpec;

/**
 * Everything an executor needs to score genomes of one experiment, and nothing else: the network
 * spec, the genome layout, the unroll settings, the fitness metric, the meta-train and meta-test
 * task specs and the run's seeds. Immutable and serialisable; the driver builds it once per run and
 * ships it to every executor.
 *
 * @param network  network spec; its first and last sizes are replaced by each task's
 * @param layout   the layout every genome of the run has
 * @param unroll   inner-loop settings
 * @param metric   which query score is the fitness
 * @param curriculum horizons of meta-train scoring per generation (meta-test always uses all horizons)
 * @param metaTrain tasks evolution scores on, at least one, all of one shape
 * @param metaTest held-out tasks (may be empty)
 * @param seeds    the run's seed streams
 */
public record EvaluationPlan(NetworkSpec network, GenomeLayout layout, UnrollSettings unroll, FitnessMetric metric,
                             HorizonCurriculum curriculum,
                             List<TaskSpec> metaTrain, List<TaskSpec> metaTest, RunSeeds seeds)
        implements Serializable {
    public EvaluationPlan {
        metaTrain = List.copyOf(metaTrain);
        metaTest = List.copyOf(metaTest);
        if (metaTrain.isEmpty()) {
            throw new IllegalArgumentException("an evaluation plan needs at least one meta-train task");
        }
        if (network == null || layout == null || unroll == null || metric == null || curriculum == null || seeds == null) {
            throw new IllegalArgumentException("network, layout, unroll, metric, curriculum and seeds must be set");
        }
        if (layout.k() != network.k()) {
            throw new IllegalArgumentException("genome layout K = " + layout.k() + " but network K = " + network.k());
        }
    }

    /** The unroll settings of {@code set} in {@code generation}: the curriculum's horizons for meta-training. */
    public UnrollSettings unroll(TaskSet set, long generation) {
        return set == TaskSet.META_TRAIN ? unroll.withHorizons(curriculum.horizonsAt(unroll.horizons(), generation)) : unroll;
    }

    /** A copy whose image tasks read their folder from {@code relocate.apply(folder)} instead. */
    public EvaluationPlan withFolders(UnaryOperator<String> relocate) {
        return new EvaluationPlan(network, layout, unroll, metric, curriculum, relocated(metaTrain, relocate),
                relocated(metaTest, relocate), seeds);
    }

    private static List<TaskSpec> relocated(List<TaskSpec> specs, UnaryOperator<String> relocate) {
        return specs.stream().map(s -> s instanceof TaskSpec.Images i ? i.withDirectory(relocate.apply(i.directory())) : s)
                .toList();
    }

    /** The task specs of a set. */
    public List<TaskSpec> tasks(TaskSet set) {
        return set == TaskSet.META_TRAIN ? metaTrain : metaTest;
    }
}
