package org.blurevolve.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.blurevolve.BadInputException;
import org.blurevolve.driver.data.DriverDataFiles;
import org.blurevolve.fitness.EvaluationPlan;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.PlanEvaluator;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.fitness.HorizonCurriculum;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.task.RunSeeds;
import org.blurevolve.task.Task;
import org.blurevolve.task.TaskSpec;

/**
 * A validated experiment: everything a run needs, read by {@link ExperimentLoader} from an
 * experiment file over {@code reference.conf}. Immutable. {@link #resolved} is the whole resolved
 * {@code blur} section, saved with every run and checkpoint; executors never see it, they receive
 * the {@link #plan()}.
 *
 * @param source        the experiment file (for messages and provenance)
 * @param name          run name, the run folder's name
 * @param seeds         the run seed and seed scheme
 * @param outputDir     parent of the run folder
 * @param dataRoot      parent of dataset folders: an absolute local path or a URI ({@code hdfs://...})
 * @param network       network spec; its first and last sizes are placeholders the tasks replace
 * @param layout        the genome layout (shared or per-layer, with the optional scalars)
 * @param genes         the range genes are kept in
 * @param unroll        inner-loop settings
 * @param metric        fitness metric
 * @param curriculum    horizon curriculum of meta-training (off when its {@code every} is 0)
 * @param metaTrain     tasks evolution scores on (at least one entry)
 * @param metaTest      held-out tasks scored every {@code metaTestEvery} generations
 * @param strategy      the outer strategy and its settings
 * @param initial       where the first generation comes from
 * @param metaTestEvery meta-test period in generations (0 = never)
 * @param hallOfFame    size of the hall of fame
 * @param termination   stopping rules
 * @param checkpoints   checkpoint period and how many are kept
 * @param spark         default master and partitioning
 * @param resolved      the resolved {@code blur} section
 */
public record ExperimentConfig(String source, String name, RunSeeds seeds, Path outputDir, String dataRoot,
                               NetworkSpec network, GenomeLayout layout, GeneBounds genes, UnrollSettings unroll,
                               FitnessMetric metric, HorizonCurriculum curriculum, List<TaskEntry> metaTrain, List<TaskEntry> metaTest,
                               StrategySettings strategy, InitialGenomes initial, int metaTestEvery, int hallOfFame,
                               Termination termination, CheckpointSettings checkpoints, SparkSettings spark,
                               Config resolved) {
    public ExperimentConfig {
        metaTrain = List.copyOf(metaTrain);
        metaTest = List.copyOf(metaTest);
        if (!name.matches("[A-Za-z0-9._-]{1,100}") || name.matches("\\.+")) {
            throw new IllegalArgumentException("name = \"" + (name.length() > 40 ? name.substring(0, 37) + "..." : name)
                    + "\": use 1 to 100 letters, digits, '.', '_' and '-'"
                    + " (not only dots); it names the run folder");
        }
        if (metaTrain.isEmpty()) {
            throw new IllegalArgumentException("tasks.meta-train is empty; list at least one task, e.g. [{family = xor}]");
        }
        if (metaTestEvery < 0 || hallOfFame < 1) {
            throw new IllegalArgumentException("meta-test-every must be >= 0 and hall-of-fame >= 1");
        }
    }

    /** Checkpoint period and retention (conf section {@code checkpoint}). */
    public record CheckpointSettings(int every, int keep) {
        public CheckpointSettings {
            if (every < 1 || keep < 1) {
                throw new IllegalArgumentException("checkpoint.every and checkpoint.keep must be >= 1");
            }
        }
    }

    /** Spark settings of the experiment (conf section {@code spark}). */
    public record SparkSettings(String defaultMaster, int partitionsPerCore) {
        public SparkSettings {
            if (defaultMaster.isBlank() || partitionsPerCore < 1) {
                throw new IllegalArgumentException("spark.default-master must be set and partitions-per-core >= 1");
            }
        }
    }

    /** The run folder: {@code <output-dir>/<name>}. */
    public Path runDir() {
        return outputDir.resolve(name);
    }

    /** The plan executors score with: network, layout, unroll, metric, the expanded task specs and seeds. */
    public EvaluationPlan plan() {
        return new EvaluationPlan(network, layout, unroll, metric, curriculum, specs(metaTrain, 0), specs(metaTest, 1),
                seeds);
    }

    private List<TaskSpec> specs(List<TaskEntry> entries, int set) {
        List<TaskSpec> out = new ArrayList<>();
        for (int e = 0; e < entries.size(); e++) {
            out.addAll(entries.get(e).specs(seeds, set, e, dataRoot));
        }
        return out;
    }

    /**
     * The evaluator of this experiment's plan in this JVM: its tasks built (data read, shapes checked)
     * and its arrays checked to fit; problems are reported naming this experiment file.
     */
    public PlanEvaluator evaluator() {
        PlanEvaluator evaluator;
        try {
            evaluator = PlanEvaluator.of(plan(), DriverDataFiles.INSTANCE);
        } catch (IllegalArgumentException e) {
            throw new ExperimentException(source + ": tasks: " + e.getMessage());
        } catch (BadInputException e) {
            throw new ExperimentException(source + ": tasks (data-root = " + dataRoot + "): " + e.getMessage());
        }
        Task task = evaluator.tasks(TaskSet.META_TRAIN).get(0);
        List<Integer> sizes = InnerLoop.fitted(network, task).sizes();
        for (int l = 0; l + 1 < sizes.size(); l++) {
            long synapses = (sizes.get(l) + 1L) * sizes.get(l + 1) * network.k();
            long states = (long) unroll.batch() * (sizes.get(l) + 1L) * network.k();
            if (Math.max(synapses, states) > Integer.MAX_VALUE - 8) {
                throw new ExperimentException(source + ": network.hidden = " + network.sizes().subList(1,
                        network.sizes().size() - 1) + ", network.k = " + network.k() + ", inner-loop.batch = "
                        + unroll.batch() + ": layer " + l + " needs arrays of " + Math.max(synapses, states)
                        + " elements, more than one array can hold (2^31 - 9); make the network, K or the batch smaller");
            }
        }
        return evaluator;
    }

    /** The resolved experiment as HOCON text (what {@code config.conf} holds). */
    public String resolvedText() {
        return resolved.atPath("blur").root().render(ConfigRenderOptions.concise().setFormatted(true).setJson(false));
    }

    /**
     * Whether {@code other} is the same experiment, compared by value (so a copy read back from a
     * checkpoint's JSON matches); {@code withTermination} false ignores the termination section, the
     * one part a continued run may change.
     */
    public boolean sameAs(ExperimentConfig other, boolean withTermination) {
        Config a = withTermination ? resolved : resolved.withoutPath("termination");
        Config b = withTermination ? other.resolved : other.resolved.withoutPath("termination");
        return a.root().unwrapped().equals(b.root().unwrapped());
    }

    /**
     * A copy naming another experiment file: a resumed run keeps, in its provenance, the file it was
     * started from rather than the checkpoint or config.conf it was read back from.
     */
    public ExperimentConfig withSource(String file) {
        return new ExperimentConfig(file, name, seeds, outputDir, dataRoot, network, layout, genes, unroll, metric,
                curriculum, metaTrain, metaTest, strategy, initial, metaTestEvery, hallOfFame, termination, checkpoints,
                spark, resolved);
    }

    /** A copy with another generation limit, the resolved section updated to match. */
    public ExperimentConfig withGenerations(int generations) {
        return new ExperimentConfig(source, name, seeds, outputDir, dataRoot, network, layout, genes, unroll, metric,
                curriculum, metaTrain, metaTest, strategy, initial, metaTestEvery, hallOfFame,
                termination.withGenerations(generations), checkpoints, spark, resolved.withValue("termination.generations", ConfigValueFactory.fromAnyRef(generations)));
    }
}
