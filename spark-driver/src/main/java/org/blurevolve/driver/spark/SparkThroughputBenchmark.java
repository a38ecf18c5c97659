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
 * two threads pulling genomes ({@link TaskThreads}).
 * Checks that all three give identical scores. Prints a table and JSON lines.
 */
public final class SparkThroughputBenchmark {
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
        double spark2 = timeSpark("local[2]", 0, context, partitionsPerCore, genomes, generations, reference);
        double spark2Split = timeSpark("local[2]", 1, context, partitionsPerCore, genomes, generations, reference);
        double spark1 = timeSpark("local[1]", 0, context, partitionsPerCore, genomes, generations, reference);
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
                + " two-core scaling)%nwith spark.task.cpus = 1 (two tasks, fixed shares): local[2] ÷ in-process = %.3f%n",
                inProcess / spark2, spark1 / spark2, (spark2 - inProcess) * 1e3, inProcess1 / inProcess,
                inProcess / spark2Split);
        out.printf(Locale.ROOT, "{\"evaluations_per_generation\": %d, \"in_process_s\": %.4f, \"local2_s\": %.4f,"
                + " \"local1_s\": %.4f, \"local2_over_in_process\": %.4f, \"local2_over_local1\": %.4f,"
                + " \"spark_overhead_ms\": %.2f, \"in_process1_s\": %.4f, \"in_process2_over_1\": %.4f,"
                + " \"local2_one_cpu_per_task_s\": %.4f, \"local2_one_cpu_per_task_over_in_process\": %.4f}%n", evaluations,
                inProcess, spark2, spark1, inProcess / spark2, spark1 / spark2, (spark2 - inProcess) * 1e3, inProcess1,
                inProcess1 / inProcess, spark2Split, inProcess / spark2Split);
    }

    private static void row(PrintStream out, String name, double seconds, int evaluations) {
        out.printf(Locale.ROOT, "%-22s %14.3f %12.1f%n", name, seconds, evaluations / seconds);
    }

    /** Seconds per generation on {@code master}; {@code taskCpus} > 0 sets spark.task.cpus, 0 keeps the default. */
    private static double timeSpark(String master, int taskCpus, EvaluationPlan context, int partitionsPerCore,
                                    List<Genome> genomes, int generations, List<GenomeScore> reference) {
        SparkConf base = new SparkConf().setMaster(master).setAppName("blur bench-spark");
        if (taskCpus > 0) {
            base.set("spark.task.cpus", Integer.toString(taskCpus));
        }
        SparkConf conf = SparkScorer.configure(base);
        JavaSparkContext jsc = new JavaSparkContext(conf);
        jsc.setLogLevel("WARN");
        try (SparkScorer scorer = new SparkScorer(jsc, context, partitionsPerCore, true)) {
            scorer.score(genomes, TaskSet.META_TRAIN, 1);
            return time(scorer, genomes, generations, reference);
        }
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
