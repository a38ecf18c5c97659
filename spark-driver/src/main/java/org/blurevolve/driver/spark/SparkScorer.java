package org.blurevolve.driver.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.blurevolve.driver.evolution.ExperimentContext;
import org.blurevolve.driver.evolution.GenerationScorer;
import org.blurevolve.driver.evolution.GenomeScore;
import org.blurevolve.fitness.FitnessResult;

/**
 * Scores a generation on a Spark cluster: one job per call, one partition-balanced RDD of
 * (genome, task) requests, executors evaluating with the same core code as {@code InProcessScorer}.
 * The resolved experiment text is broadcast once per run; each executor JVM builds its tasks (and
 * reads image data) once from it and keeps them. Evaluations never throw into Spark (a failure is
 * a FAILED result), so deterministic failures are not retried.
 */
public final class SparkScorer implements GenerationScorer {
    private final JavaSparkContext jsc;
    private final Broadcast<String> experiment;
    private final int partitionsPerCore;
    private final int tasks;
    private final boolean ownsContext;

    public SparkScorer(JavaSparkContext jsc, ExperimentContext context, boolean ownsContext) {
        this.jsc = jsc;
        this.experiment = jsc.broadcast(context.config().resolvedText());
        this.partitionsPerCore = context.config().partitionsPerCore();
        this.tasks = context.trainTasks().size();
        this.ownsContext = ownsContext;
    }

    /** The Spark settings every run needs: Kryo with registration required and our registrator. */
    public static SparkConf configure(SparkConf conf) {
        return conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrationRequired", "true")
                .set("spark.kryo.registrator", BlurKryoRegistrator.class.getName())
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                .setIfMissing("spark.task.maxFailures", "4");
    }

    @Override
    public List<GenomeScore> score(List<double[]> genomes, long generation) {
        List<EvaluationRequest> requests = new ArrayList<>();
        for (int g = 0; g < genomes.size(); g++) {
            for (int t = 0; t < tasks; t++) {
                requests.add(new EvaluationRequest(g, t, generation, genomes.get(g)));
            }
        }
        int slices = Math.max(1, Math.min(requests.size(), jsc.defaultParallelism() * partitionsPerCore));
        jsc.setJobDescription("generation " + generation + ": " + genomes.size() + " genomes × " + tasks + " tasks");
        Broadcast<String> text = experiment;
        List<EvaluationReply> replies = jsc.parallelize(requests, slices)
                .map(r -> new EvaluationReply(r.genome(), r.task(),
                        ExperimentContext.ofText(text.value()).evaluate(r.genes(), r.task(), r.generation())))
                .collect();
        FitnessResult[][] grid = new FitnessResult[genomes.size()][tasks];
        for (EvaluationReply r : replies) {
            grid[r.genome()][r.task()] = r.result();
        }
        List<GenomeScore> out = new ArrayList<>();
        for (FitnessResult[] row : grid) {
            out.add(new GenomeScore(List.of(row)));
        }
        return out;
    }

    @Override
    public String describe() {
        return "spark " + jsc.master() + " (parallelism " + jsc.defaultParallelism() + ")";
    }

    @Override
    public void close() {
        experiment.destroy();
        if (ownsContext) {
            jsc.stop();
        }
    }
}
