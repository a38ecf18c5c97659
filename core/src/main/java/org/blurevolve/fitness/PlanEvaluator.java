package org.blurevolve.fitness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.blurevolve.BadInputException;
import org.blurevolve.data.DataFiles;
import org.blurevolve.data.ImageDataset;
import org.blurevolve.genome.Genome;
import org.blurevolve.gradient.GradientResult;
import org.blurevolve.gradient.MetaGradient;
import org.blurevolve.gradient.MetaGradientSettings;
import org.blurevolve.task.SeedStream;
import org.blurevolve.task.Task;
import org.blurevolve.task.TaskSpec;

/**
 * The evaluation side of an {@link EvaluationPlan}, built once per JVM (driver or executor): its
 * tasks are built (image data read once per folder and kept) and every genome of generation g is
 * scored on task t with the seed of stream (g, t), the same for every genome (common random
 * numbers, docs/model.md §8). Thread-safe.
 */
public final class PlanEvaluator {
    private static final Map<EvaluationPlan, PlanEvaluator> BY_PLAN = new ConcurrentHashMap<>();
    private static final Map<String, ImageDataset.Splits> DATASETS = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicBoolean FAILURE_SHOWN =
            new java.util.concurrent.atomic.AtomicBoolean();

    private final EvaluationPlan plan;
    private final List<Task> metaTrain;
    private final List<Task> metaTest;

    private PlanEvaluator(EvaluationPlan plan, DataFiles files) {
        this.plan = plan;
        this.metaTrain = build(plan.metaTrain(), files);
        this.metaTest = build(plan.metaTest(), files);
        checkOneShape(metaTrain);
    }

    /** Meta-train tasks share one network shape (inputs, outputs): one population evolves on one network. */
    private static void checkOneShape(List<Task> tasks) {
        Task first = tasks.get(0);
        for (Task t : tasks) {
            if (t.inputs() != first.inputs() || t.outputs() != first.outputs()) {
                throw new BadInputException("tasks.meta-train: tasks " + first.name() + " (" + first.inputs() + " in, "
                        + first.outputs() + " out) and " + t.name() + " (" + t.inputs() + " in, " + t.outputs()
                        + " out) differ; one population needs one network shape");
            }
        }
    }

    /**
     * The evaluator of a plan, shared by every caller in this JVM; built on first use, its image folders
     * read through {@code files} (each folder once per JVM, checksums verified).
     */
    public static PlanEvaluator of(EvaluationPlan plan, DataFiles files) {
        return BY_PLAN.computeIfAbsent(plan, p -> new PlanEvaluator(p, files));
    }

    public EvaluationPlan plan() {
        return plan;
    }

    /** The built tasks of a set, in plan order. */
    public List<Task> tasks(TaskSet set) {
        return set == TaskSet.META_TRAIN ? metaTrain : metaTest;
    }

    /** The seed every genome of {@code generation} uses on task {@code task} of {@code set}. */
    public long seed(TaskSet set, long generation, int task) {
        return plan.seeds().of(set == TaskSet.META_TRAIN ? SeedStream.EVALUATION : SeedStream.META_TEST, generation, task);
    }

    /** Scores one genome on one task; a crash becomes a FAILED result, never an exception. */
    public FitnessResult evaluate(Genome genome, TaskSet set, int task, long generation) {
        try {
            return InnerLoop.evaluate(plan.network(), genome, tasks(set).get(task), plan.unroll(set, generation),
                    seed(set, generation, task));
        } catch (RuntimeException e) {
            if (!FAILURE_SHOWN.getAndSet(true)) {
                System.err.println("blur: an evaluation failed (scored FAILED; later failures in this JVM are not shown): " + e);
            }
            return FitnessResult.failed(EvaluationStatus.FAILED);
        }
    }

    /**
     * The meta-gradient of replica {@code replica} on meta-train task {@code task} for step
     * {@code step} of generation {@code generation} (seed stream META_GRADIENT (g, s, t), docs/model.md
     * §10); a crash becomes a FAILED result, never an exception.
     */
    public GradientResult gradient(Genome genome, int task, int replica, long generation, int step,
                                   MetaGradientSettings settings) {
        try {
            return MetaGradient.replica(plan.network(), genome, metaTrain.get(task), plan.unroll(),
                    plan.seeds().of(SeedStream.META_GRADIENT, generation, step, task), replica, settings);
        } catch (RuntimeException e) {
            if (!FAILURE_SHOWN.getAndSet(true)) {
                System.err.println("blur: a meta-gradient failed (scored FAILED; later failures in this JVM are not shown): " + e);
            }
            return GradientResult.failed(EvaluationStatus.FAILED);
        }
    }

    private static List<Task> build(List<TaskSpec> specs, DataFiles files) {
        List<Task> out = new ArrayList<>();
        for (TaskSpec s : specs) {
            out.add(s.build(dir -> DATASETS.computeIfAbsent(dir, d -> ImageDataset.Splits.read(files, d))));
        }
        return List.copyOf(out);
    }
}
