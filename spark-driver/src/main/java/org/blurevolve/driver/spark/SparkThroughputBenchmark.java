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
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;

/**
 * Measures what Spark costs: the same generation (same genomes, same seeds) scored repeatedly by Spark
 * {@code local[2]} and {@code local[1]}, each in alternation, generation by generation, with the
 * in-process thread pool of as many threads, after one warm-up generation each. Reports evaluations per second, the ratios local[2] ÷ in-process and
 * local[2] ÷ local[1], the same scaling without Spark (in-process ×2 ÷ ×1, what the machine itself
 * allows), Spark's per-generation overhead (the mean of the paired per-generation differences, Spark minus
 * in-process, with its standard error and its share of the in-process generation), and local[2] with
 * spark.task.cpus = 1 (two tasks, each a fixed share of the genomes) against the default one slot of
 * two threads pulling genomes ({@link TaskThreads}); and, on local[2], the wall time of a Spark job that
 * ships the same genomes in the same partitions and evaluates nothing (Spark's own cost per job), run
 * as the scorer runs its jobs ({@link PartitionJob}) and, for comparison, as a lambda through the Java
 * RDD API ({@code map} and {@code collect}; the scorer's jobs before PartitionJob); and, on local[2], what
 * the Spark scorer costs around the evaluations of each timed generation: its wall time minus the body
 * of its task ({@link JobRunTimes}; the tasks' bodies when a single task slot ran several in turn), a
 * per-generation figure free of the evaluations' own noise (also measured on local[1], JSON only).
 * Before any generation is timed, each Spark context runs a number of such empty jobs, to get past the
 * cost of Spark's first jobs (which a run's driver pays in its first generations); the first context's
 * (default local[2]) warm-up is printed as the mean wall time of its jobs in ranges of job numbers
 * (1–10, 11–30, 31–100, …), which shows what those first jobs cost on top of the later ones.
 * Checks that every scorer gives the same scores. Prints a table and JSON lines.
 */
public final class SparkThroughputBenchmark {
    /** Empty jobs timed after the local[2] generations. */
    private static final int EMPTY_JOBS = 20;

    private SparkThroughputBenchmark() {
    }

    /** The mean wall ms of the empty jobs of one warm-up range. */
    private record WarmupCost(JobRange range, double ms) {
    }

    /**
     * Runs the benchmark: {@code warmupJobs} empty jobs on each Spark context first (0: none), then
     * {@code generations} timed generations of {@code population} random genomes per scorer pair.
     */
    public static void run(ExperimentConfig config, int population, int generations, int warmupJobs, PrintStream out) {
        EvaluationPlan context = config.plan();
        List<Genome> genomes = new ArrayList<>();
        for (int i = 0; i < population; i++) {
            genomes.add(Genome.random(context.layout(), 1000 + i));
        }
        int evaluations = population * context.metaTrain().size();
        int partitionsPerCore = config.spark().partitionsPerCore();
        double[] emptyJob = new double[2];
        List<WarmupCost> warmup = new ArrayList<>();
        Paired two;
        Paired split;
        Paired one;
        try (InProcessScorer pool2 = new InProcessScorer(context, 2);
             InProcessScorer pool1 = new InProcessScorer(context, 1)) {
            List<GenomeScore> reference = pool2.score(genomes, TaskSet.META_TRAIN, 1);
            pool1.score(genomes, TaskSet.META_TRAIN, 1);
            two = paired(pool2, "local[2]", 0, context, partitionsPerCore, genomes, generations, reference, warmupJobs,
                    warmup, emptyJob);
            split = paired(pool2, "local[2]", 1, context, partitionsPerCore, genomes, generations, reference, warmupJobs,
                    null, null);
            one = paired(pool1, "local[1]", 0, context, partitionsPerCore, genomes, generations, reference, warmupJobs,
                    null, null);
        }
        double inProcess = two.inProcess();
        double inProcess1 = one.inProcess();
        double spark2 = two.spark();
        double spark2Split = split.spark();
        double spark1 = one.spark();
        out.printf(Locale.ROOT, "%d genomes × %d tasks = %d evaluations per generation, %d timed generations each,"
                + " each Spark scorer in alternation with the in-process scorer of as many threads, after %d empty"
                + " jobs on each Spark context%n",
                population, context.metaTrain().size(), evaluations, generations, warmupJobs);
        out.printf(Locale.ROOT, "%-22s %14s %12s%n", "scorer", "s/generation", "evals/s");
        row(out, "in-process ×2", inProcess, evaluations);
        row(out, "in-process ×1", inProcess1, evaluations);
        row(out, "spark local[2]", spark2, evaluations);
        row(out, "spark local[1]", spark1, evaluations);
        row(out, "local[2], 1 cpu/task", spark2Split, evaluations);
        out.printf(Locale.ROOT, "local[2] ÷ in-process = %.3f (target ≥ 0.95); local[2] ÷ local[1] = %.3f (target ≥ 1.8);"
                + " Spark overhead %.1f ± %s ms per generation (mean ± 2 standard errors of the %d paired"
                + " differences), %.1f %% of the in-process generation (target < 2 %%)%nwithout Spark: in-process ×2 ÷ ×1 = %.3f (the machine's own"
                + " two-core scaling)%nwith spark.task.cpus = 1 (two tasks, fixed shares): local[2] ÷ in-process = %.3f%n"
                + "a local[2] job that ships the %d genomes and evaluates nothing: %.1f ms (mean of %d);"
                + " through the Java RDD API (map + collect): %.1f ms (both timed after the generations)%n",
                inProcess / spark2, spark1 / spark2, (spark2 - inProcess) * 1e3,
                twoErrors(two.differenceError() * 1e3),
                generations, 100 * (spark2 - inProcess) / inProcess, inProcess1 / inProcess,
                split.inProcess() / spark2Split, population, emptyJob[0], EMPTY_JOBS, emptyJob[1]);
        PerGenerationMs around = two.around();
        out.printf(Locale.ROOT, "local[2] around the evaluations (a generation's wall time minus its task's body,"
                + " from Spark's task metrics): %s ± %s ms per generation (mean ± 2 standard errors; median %s,"
                + " largest %s), %s %% of the in-process generation, mean + 2 standard errors %s %%%n",
                oneDecimal(around.mean()), twoErrors(around.standardError()), oneDecimal(around.median()),
                oneDecimal(around.max()), oneDecimal(100 * around.mean() / (inProcess * 1e3)),
                oneDecimal(100 * (around.mean() + 2 * around.standardError()) / (inProcess * 1e3)));
        out.printf(Locale.ROOT, "{\"evaluations_per_generation\": %d, \"in_process_s\": %.4f, \"local2_s\": %.4f,"
                + " \"local1_s\": %.4f, \"local2_over_in_process\": %.4f, \"local2_over_local1\": %.4f,"
                + " \"spark_overhead_ms\": %.2f, \"spark_overhead_standard_error_ms\": %s,"
                + " \"in_process1_s\": %.4f, \"in_process2_over_1\": %.4f,"
                + " \"local2_one_cpu_per_task_s\": %.4f, \"local2_one_cpu_per_task_over_in_process\": %.4f,"
                + " \"local2_empty_job_ms\": %.2f, \"local2_empty_java_rdd_job_ms\": %.2f,"
                + " \"local2_outside_task_ms\": %s, \"local2_outside_task_standard_error_ms\": %s,"
                + " \"local2_outside_task_median_ms\": %s, \"local2_outside_task_max_ms\": %s,"
                + " \"local1_outside_task_ms\": %s}%n", evaluations,
                inProcess, spark2, spark1, inProcess / spark2, spark1 / spark2, (spark2 - inProcess) * 1e3,
                jsonNumber(two.differenceError() * 1e3), inProcess1,
                inProcess1 / inProcess, spark2Split, split.inProcess() / spark2Split, emptyJob[0], emptyJob[1],
                jsonNumber(around.mean()), jsonNumber(around.standardError()), jsonNumber(around.median()),
                jsonNumber(around.max()), jsonNumber(one.around().mean()));
        if (!warmup.isEmpty()) {
            StringBuilder text = new StringBuilder("local[2] empty jobs while the driver warms up (mean wall ms by job number):");
            StringBuilder json = new StringBuilder("{\"local2_empty_job_warmup\": [");
            for (int i = 0; i < warmup.size(); i++) {
                WarmupCost c = warmup.get(i);
                text.append(String.format(Locale.ROOT, "%s %d-%d: %.1f", i == 0 ? "" : ",", c.range().first(),
                        c.range().last(), c.ms()));
                json.append(String.format(Locale.ROOT, "%s{\"first_job\": %d, \"last_job\": %d, \"ms\": %.2f}",
                        i == 0 ? "" : ", ", c.range().first(), c.range().last(), c.ms()));
            }
            out.println(text);
            out.println(json.append("]}"));
        }
    }

    /** Twice {@code standardError} with one decimal, or "n/a" when it is not finite (fewer than two generations). */
    private static String twoErrors(double standardError) {
        return oneDecimal(2 * standardError);
    }

    /** {@code x} with one decimal, or "n/a" when it is not finite. */
    static String oneDecimal(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.1f", x) : "n/a";
    }

    /** {@code x} with two decimals, or {@code null} when it is not finite (one generation has no standard error). */
    static String jsonNumber(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.2f", x) : "null";
    }

    private static void row(PrintStream out, String name, double seconds, int evaluations) {
        out.printf(Locale.ROOT, "%-22s %14.3f %12.1f%n", name, seconds, evaluations / seconds);
    }

    /**
     * Mean seconds per generation of an in-process scorer and of a Spark scorer timed in alternation, and
     * the standard error of the mean of their paired differences (Spark minus in-process, per generation);
     * and the ms per generation that the Spark scorer took beyond its tasks' bodies (NaN when the context
     * has more than one task slot).
     */
    private record Paired(double inProcess, double spark, double differenceError, PerGenerationMs around) {
    }

    /**
     * Seconds per generation on {@code master} and of {@code inProcess}, generation by generation in
     * alternation (so that a change of the machine's load between phases does not bias their ratio);
     * {@code taskCpus} > 0 sets spark.task.cpus, 0 keeps the default. With {@code emptyJobMs}, its
     * entries receive the mean wall times of a job like a generation's (same genomes, same partitions)
     * whose tasks evaluate nothing: the scorer's way, then through the Java RDD API. Before the first
     * generation, {@code warmupJobs} such empty jobs run; with {@code warmup}, it receives their mean
     * wall ms per range of job numbers.
     */
    private static Paired paired(InProcessScorer inProcess, String master, int taskCpus, EvaluationPlan context,
                                 int partitionsPerCore, List<Genome> genomes, int generations,
                                 List<GenomeScore> reference, int warmupJobs, List<WarmupCost> warmup,
                                 double[] emptyJobMs) {
        SparkConf base = new SparkConf().setMaster(master).setAppName("blur bench-spark");
        if (taskCpus > 0) {
            base.set("spark.task.cpus", Integer.toString(taskCpus));
        }
        SparkConf conf = SparkScorer.configure(base);
        JavaSparkContext jsc = new JavaSparkContext(conf);
        jsc.setLogLevel("WARN");
        try (SparkScorer scorer = new SparkScorer(jsc, context, partitionsPerCore, true)) {
            List<EvaluationRequest> requests = SparkScorer.requests(genomes, context.metaTrain().size(),
                    TaskSet.META_TRAIN, 1);
            int slices = scorer.slices(requests.size());
            jsc.setJobDescription("bench-spark: warm-up");
            for (JobRange range : JobRange.warmup(warmupJobs)) {
                long start = System.nanoTime();
                for (int j = 0; j < range.jobs(); j++) {
                    PartitionJob.run(jsc, requests, slices, new NoEvaluation());
                }
                if (warmup != null) {
                    warmup.add(new WarmupCost(range, (System.nanoTime() - start) / 1e6 / range.jobs()));
                }
            }
            scorer.score(genomes, TaskSet.META_TRAIN, 1);
            double inProcessSeconds = 0;
            double sparkSeconds = 0;
            double[] differences = new double[generations];
            double[] outside = new double[generations];
            double[] sparkMs = new double[generations];
            // the tasks' bodies are subtracted from the generation's wall time, which is right when they
            // ran one after another: one task slot (null: not measured)
            boolean oneSlot = scorer.taskSlots() == 1;
            try (JobRunTimes runTimes = oneSlot ? new JobRunTimes(jsc) : null) {
                for (int g = 0; g < generations; g++) {
                    double in = time(inProcess, genomes, reference);
                    double on = time(scorer, genomes, reference);
                    inProcessSeconds += in;
                    sparkSeconds += on;
                    differences[g] = on - in;
                    sparkMs[g] = on * 1e3;
                }
                List<JobRunTimes.RunTime> jobs = runTimes == null ? null : runTimes.awaitJobs(generations, 60_000);
                for (int g = 0; g < generations; g++) {
                    if (jobs != null && jobs.get(g).tasks() != slices) { // one job of `slices` tasks per generation
                        throw new IllegalStateException("generation " + g + " ran " + jobs.get(g).tasks() + " Spark tasks,"
                                + " not " + slices);
                    }
                    outside[g] = jobs == null ? Double.NaN : sparkMs[g] - jobs.get(g).ms();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Spark's task metrics", e);
            }
            if (emptyJobMs != null) {
                jsc.setJobDescription("bench-spark: empty jobs");
                emptyJobMs[0] = meanMs(() -> PartitionJob.run(jsc, requests, slices, new NoEvaluation()));
                emptyJobMs[1] = meanMs(() -> jsc.parallelize(requests, slices).map(EvaluationRequest::index).collect());
            }
            return new Paired(inProcessSeconds / generations, sparkSeconds / generations,
                    PerGenerationMs.standardError(differences),
                    PerGenerationMs.of(outside));
        }
    }

    /** Mean wall ms of {@link #EMPTY_JOBS} runs of {@code job}, after one untimed run. */
    private static double meanMs(Runnable job) {
        job.run();
        long start = System.nanoTime();
        for (int i = 0; i < EMPTY_JOBS; i++) {
            job.run();
        }
        return (System.nanoTime() - start) / 1e6 / EMPTY_JOBS;
    }

    /** A reply to every request without evaluating it (a generation's job minus the evaluations). */
    private static final class NoEvaluation extends PartitionJob<EvaluationRequest, EvaluationReply> {
        private static final long serialVersionUID = 1L;
        private static final FitnessResult NOT_EVALUATED = FitnessResult.failed(EvaluationStatus.FAILED);

        NoEvaluation() {
            super(EvaluationReply.class);
        }

        @Override
        EvaluationReply reply(EvaluationRequest r) {
            return new EvaluationReply(r.index(), r.task(), NOT_EVALUATED);
        }
    }

    /** Seconds of one generation, which must reproduce the reference scores. */
    private static double time(GenerationScorer scorer, List<Genome> genomes, List<GenomeScore> reference) {
        long start = System.nanoTime();
        List<GenomeScore> scores = scorer.score(genomes, TaskSet.META_TRAIN, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!scores.equals(reference)) {
            throw new IllegalStateException(scorer.describe() + " gave different scores from the in-process scorer");
        }
        return seconds;
    }
}
