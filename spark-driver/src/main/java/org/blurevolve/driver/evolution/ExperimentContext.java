package org.blurevolve.driver.evolution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.blurevolve.data.ImageDataset;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.config.TaskConfig;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.task.ImageTask;
import org.blurevolve.task.Seeds;
import org.blurevolve.task.SyntheticTasks;
import org.blurevolve.task.Task;

/**
 * An experiment's evaluation side, built once per JVM (driver or executor) from the resolved
 * config text: the meta-train and meta-test tasks (image data read once and cached) and the
 * fitness function. Evaluation seeds are (run seed, generation, task), the same for every genome
 * of a generation (common random numbers). Thread-safe.
 */
public final class ExperimentContext {
    private static final Map<String, ExperimentContext> BY_TEXT = new ConcurrentHashMap<>();
    private static final Map<Path, ImageDataset.Splits> DATASETS = new ConcurrentHashMap<>();

    private final ExperimentConfig config;
    private final List<Task> train;
    private final List<Task> test;
    private final GenomeLayout layout;

    private ExperimentContext(ExperimentConfig config) {
        this.config = config;
        this.train = build(config, config.metaTrain(), 0);
        this.test = build(config, config.metaTest(), 1);
        this.layout = config.network().genomeLayout(config.perLayer());
        checkShapes(train, "tasks.meta-train");
    }

    /** The context of an experiment, shared by every caller in this JVM. */
    public static ExperimentContext of(ExperimentConfig config) {
        return BY_TEXT.computeIfAbsent(config.resolvedText(), t -> new ExperimentContext(config));
    }

    /** The context for resolved config text (executors rebuild the experiment from it). */
    public static ExperimentContext ofText(String resolvedText) {
        ExperimentContext known = BY_TEXT.get(resolvedText);
        return known != null ? known : of(ExperimentLoader.fromResolvedText(resolvedText, "(shipped experiment)"));
    }

    public ExperimentConfig config() {
        return config;
    }

    public List<Task> trainTasks() {
        return train;
    }

    public List<Task> testTasks() {
        return test;
    }

    public GenomeLayout layout() {
        return layout;
    }

    /** The seed every genome uses on train task {@code task} in {@code generation}. */
    public long seed(long generation, int task) {
        return Seeds.derive(config.seed(), generation, task);
    }

    /** Scores one genome on one meta-train task; failures become results, never exceptions. */
    public FitnessResult evaluate(double[] genes, int task, long generation) {
        return evaluate(genes, train.get(task), seed(generation, task));
    }

    /** Scores one genome on a meta-test task with the seed of {@code generation}. */
    public FitnessResult evaluateTest(double[] genes, int task, long generation) {
        return evaluate(genes, test.get(task), Seeds.derive(config.seed(), generation, 1_000_000 + task));
    }

    private FitnessResult evaluate(double[] genes, Task task, long seed) {
        try {
            Genome genome = new Genome(layout, genes);
            return InnerLoop.evaluate(config.network(), genome, task, config.unroll(), seed);
        } catch (RuntimeException e) {
            return FitnessResult.failed(EvaluationStatus.FAILED);
        }
    }

    private static List<Task> build(ExperimentConfig config, List<TaskConfig> entries, int set) {
        List<Task> out = new ArrayList<>();
        for (int e = 0; e < entries.size(); e++) {
            TaskConfig t = entries.get(e);
            if (t.isImage()) {
                Path dir = t.path() != null ? t.path() : config.dataRoot().resolve(t.dataset());
                ImageDataset.Splits data = DATASETS.computeIfAbsent(dir.toAbsolutePath().normalize(),
                        ImageDataset.Splits::read);
                out.add(new ImageTask(t.dataset(), data, t.side(), t.classes(), ImageTask.QuerySplit.valueOf(t.query())));
            } else {
                for (int d = 0; d < t.draws(); d++) {
                    out.add(SyntheticTasks.make(t.family(), t.outputs(), t.bits(), Seeds.derive(config.seed(), 7, set, e, d)));
                }
            }
        }
        return out;
    }

    private static void checkShapes(List<Task> tasks, String key) {
        for (Task t : tasks) {
            if (t.inputs() != tasks.get(0).inputs() || t.outputs() != tasks.get(0).outputs()) {
                throw new org.blurevolve.driver.config.ConfigError(key + ": tasks " + tasks.get(0).name() + " ("
                        + tasks.get(0).inputs() + " in, " + tasks.get(0).outputs() + " out) and " + t.name() + " ("
                        + t.inputs() + " in, " + t.outputs() + " out) differ; one population needs one network shape");
            }
        }
    }
}
