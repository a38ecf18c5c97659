package org.blurevolve.driver.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.scoring.GenerationScorer;
import org.blurevolve.driver.scoring.GenomeScore;
import org.blurevolve.driver.scoring.InProcessScorer;
import org.blurevolve.fitness.EvaluationPlan;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;

/**
 * Measures what Spark costs: the same generation (same genomes, same seeds) scored repeatedly by the
 * in-process thread pool (2 threads, then 1), Spark {@code local[2]} and Spark {@code local[1]}, after
 * one warm-up generation each. Reports evaluations per second, the ratios local[2] ÷ in-process and
 * local[2] ÷ local[1], the same scaling without Spark (in-process ×2 ÷ ×1, what the machine itself
 * allows), Spark's per-generation overhead (its time minus the in-process time), and local[2] with
 * spark.task.cpus = 1 (two tasks, each a fixed share of the genomes) against the default one slot of
 * two threads pulling genomes ({@link TaskThreads}); and, on local[2], the wall time of a Spark job that
 * ships the same genomes in the same partitions and evaluates nothing (Spark's own cost per job).
 * Checks that all three give identical scores. Prints a table and JSON lines.
 */
public final class SparkThroughputBenchmark {
    /** Empty jobs timed after the local[2] generations. */
    private static final int EMPTY_JOBS = 20;

    private SparkThroughputBenchmark() {
    }

    public static void run(ExperimentConfig config, int population, int generations, PrintStream out) {
        EvaluationPlan context = config.plan();
        List<Genome> genomes = new ArrayList<>();
        for (int i = 0; i < population; i++) {
            genomes.add(Genome.random(context.layout(), 1000 + i));
        }
        int evaluations = population * context.metaTrain().size();
        int partitionsPerCore = config.spark().partitionsPerCore();
        List<GenomeScore> reference;
        double inProcess;
        double inProcess1;
        try (InProcessScorer local = new InProcessScorer(context, 2)) {
            reference = local.score(genomes, TaskSet.META_TRAIN, 1);
            inProcess = time(local, genomes, generations, reference);
        }
        try (InProcessScorer single = new InProcessScorer(context, 1)) {
            single.score(genomes, TaskSet.META_TRAIN, 1);
            inProcess1 = time(single, genomes, generations, reference);
        }
        double[] emptyJob = new double[1];
        double spark2 = timeSpark("local[2]", 0, context, partitionsPerCore, genomes, generations, reference, emptyJob);
        double spark2Split = timeSpark("local[2]", 1, context, partitionsPerCore, genomes, generations, reference, null);
        double spark1 = timeSpark("local[1]", 0, context, partitionsPerCore, genomes, generations, reference, null);
        out.printf(Locale.ROOT, "%d genomes × %d tasks = %d evaluations per generation, %d timed generations each%n",
                population, context.metaTrain().size(), evaluations, generations);
        out.printf(Locale.ROOT, "%-22s %14s %12s%n", "scorer", "s/generation", "evals/s");
        row(out, "in-process ×2", inProcess, evaluations);
        row(out, "in-process ×1", inProcess1, evaluations);
        row(out, "spark local[2]", spark2, evaluations);
        row(out, "spark local[1]", spark1, evaluations);
        row(out, "local[2], 1 cpu/task", spark2Split, evaluations);
        out.printf(Locale.ROOT, "local[2] ÷ in-process = %.3f (target ≥ 0.95); local[2] ÷ local[1] = %.3f (target ≥ 1.8);"
                + " Spark overhead %.1f ms per generation%nwithout Spark: in-process ×2 ÷ ×1 = %.3f (the machine's own"
                + " two-core scaling)%nwith spark.task.cpus = 1 (two tasks, fixed shares): local[2] ÷ in-process = %.3f%n"
                + "a local[2] job that ships the %d genomes and evaluates nothing: %.1f ms (mean of %d)%n",
                inProcess / spark2, spark1 / spark2, (spark2 - inProcess) * 1e3, inProcess1 / inProcess,
                inProcess / spark2Split, population, emptyJob[0], EMPTY_JOBS);
        out.printf(Locale.ROOT, "{\"evaluations_per_generation\": %d, \"in_process_s\": %.4f, \"local2_s\": %.4f,"
                + " \"local1_s\": %.4f, \"local2_over_in_process\": %.4f, \"local2_over_local1\": %.4f,"
                + " \"spark_overhead_ms\": %.2f, \"in_process1_s\": %.4f, \"in_process2_over_1\": %.4f,"
                + " \"local2_one_cpu_per_task_s\": %.4f, \"local2_one_cpu_per_task_over_in_process\": %.4f,"
                + " \"local2_empty_job_ms\": %.2f}%n", evaluations,
                inProcess, spark2, spark1, inProcess / spark2, spark1 / spark2, (spark2 - inProcess) * 1e3, inProcess1,
                inProcess1 / inProcess, spark2Split, inProcess / spark2Split, emptyJob[0]);
    }

    private static void row(PrintStream out, String name, double seconds, int evaluations) {
        out.printf(Locale.ROOT, "%-22s %14.3f %12.1f%n", name, seconds, evaluations / seconds);
    }

    /**
     * Seconds per generation on {@code master}; {@code taskCpus} > 0 sets spark.task.cpus, 0 keeps the
     * default. With {@code emptyJobMs}, its first entry receives the mean wall time of a job like a
     * generation's (same genomes, same partitions) whose tasks evaluate nothing.
     */
    private static double timeSpark(String master, int taskCpus, EvaluationPlan context, int partitionsPerCore,
                                    List<Genome> genomes, int generations, List<GenomeScore> reference,
                                    double[] emptyJobMs) {
        SparkConf base = new SparkConf().setMaster(master).setAppName("blur bench-spark");
        if (taskCpus > 0) {
            base.set("spark.task.cpus", Integer.toString(taskCpus));
        }
        SparkConf conf = SparkScorer.configure(base);
        JavaSparkContext jsc = new JavaSparkContext(conf);
        jsc.setLogLevel("WARN");
        try (SparkScorer scorer = new SparkScorer(jsc, context, partitionsPerCore, true)) {
            scorer.score(genomes, TaskSet.META_TRAIN, 1);
            double seconds = time(scorer, genomes, generations, reference);
            if (emptyJobMs != null) {
                List<EvaluationRequest> requests = SparkScorer.requests(genomes, context.metaTrain().size(),
                        TaskSet.META_TRAIN, 1);
                emptyJobMs[0] = emptyJobMs(jsc, requests, scorer.slices(requests.size()));
            }
            return seconds;
        }
    }

    /**
     * Mean wall ms of {@link #EMPTY_JOBS} jobs that ship a generation's {@code requests} in
     * {@code slices} partitions and return their indices.
     */
    private static double emptyJobMs(JavaSparkContext jsc, List<EvaluationRequest> requests, int slices) {
        jsc.setJobDescription("bench-spark: empty jobs");
        jsc.parallelize(requests, slices).map(EvaluationRequest::index).collect();
        long start = System.nanoTime();
        for (int i = 0; i < EMPTY_JOBS; i++) {
            jsc.parallelize(requests, slices).map(EvaluationRequest::index).collect();
        }
        return (System.nanoTime() - start) / 1e6 / EMPTY_JOBS;
    }

    /** Mean seconds per generation; every generation must reproduce the reference scores. */
    private static double time(GenerationScorer scorer, List<Genome> genomes, int generations,
                               List<GenomeScore> reference) {
        long start = System.nanoTime();
        for (int g = 0; g < generations; g++) {
            if (!scorer.score(genomes, TaskSet.META_TRAIN, 1).equals(reference)) {
                throw new IllegalStateException(scorer.describe() + " gave different scores from the in-process scorer");
            }
        }
        return (System.nanoTime() - start) / 1e9 / generations;
    }
}
