package org.blurevolve.driver.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.blurevolve.BadInputException;
import org.blurevolve.driver.data.DriverDataFiles;
import org.blurevolve.driver.scoring.Faults;
import org.blurevolve.driver.scoring.GenerationScorer;
import org.blurevolve.driver.scoring.GenomeScore;
import org.blurevolve.driver.scoring.GradientScore;
import org.blurevolve.gradient.GradientResult;
import org.blurevolve.gradient.MetaGradientSettings;
import org.blurevolve.fitness.EvaluationPlan;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.PlanEvaluator;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;

/**
 * Scores genomes on a Spark cluster: one named job per call (a generation's meta-train scoring, or
 * a meta-test), one partition-balanced RDD of (genome, task) requests, executors evaluating with the
 * same core code as the in-process scorer. The {@link EvaluationPlan} is broadcast once per run;
 * each executor JVM builds its tasks (and reads image data) once from it and keeps them.
 * Evaluations never throw into Spark (a failure is a FAILED result), so deterministic failures are
 * not retried.
 */
public final class SparkScorer implements GenerationScorer {
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(,\\s*\\d+)?]");
    private final JavaSparkContext jsc;
    private final Broadcast<EvaluationPlan> plan;
    private final int partitionsPerCore;
    private final int[] tasks;
    private final boolean ownsContext;
    private final FaultCounter faults = new FaultCounter();

    /** Counts lost executors and failed task attempts, as Spark's listener bus reports them. */
    private static final class FaultCounter extends SparkListener {
        private final AtomicInteger lostExecutors = new AtomicInteger();
        private final AtomicInteger failedTasks = new AtomicInteger();

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
            lostExecutors.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo().failed() || end.taskInfo().killed()) {
                failedTasks.incrementAndGet();
            }
        }

        Faults take() {
            return new Faults(lostExecutors.getAndSet(0), failedTasks.getAndSet(0));
        }
    }

    /** An executor's evaluation of one (genome, task) request with the broadcast plan. */
    private static final class Evaluate extends PartitionJob<EvaluationRequest, EvaluationReply> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<EvaluationPlan> plan;

        Evaluate(Broadcast<EvaluationPlan> plan) {
            super(EvaluationReply.class);
            this.plan = plan;
        }

        @Override
        EvaluationReply reply(EvaluationRequest r) {
            return new EvaluationReply(r.index(), r.task(), PlanEvaluator.of(plan.value(), DriverDataFiles.INSTANCE)
                    .evaluate(r.genome(), r.set(), r.task(), r.generation()));
        }
    }

    /** An executor's meta-gradient of one (task, replica) slice with the broadcast plan. */
    private static final class Differentiate extends PartitionJob<GradientRequest, GradientReply> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<EvaluationPlan> plan;

        Differentiate(Broadcast<EvaluationPlan> plan) {
            super(GradientReply.class);
            this.plan = plan;
        }

        @Override
        GradientReply reply(GradientRequest q) {
            return new GradientReply(q.task(), q.replica(), PlanEvaluator.of(plan.value(), DriverDataFiles.INSTANCE)
                    .gradient(q.genome(), q.task(), q.replica(), q.generation(), q.step(), q.settings()));
        }
    }

    public SparkScorer(JavaSparkContext jsc, EvaluationPlan plan, int partitionsPerCore, boolean ownsContext) {
        this.jsc = jsc;
        jsc.sc().addSparkListener(faults);
        this.plan = jsc.broadcast(plan);
        this.partitionsPerCore = partitionsPerCore;
        this.tasks = new int[] {plan.metaTrain().size(), plan.metaTest().size()};
        this.ownsContext = ownsContext;
    }

    /**
     * Partitions of a job of {@code requests}: partitions-per-core per task slot (cores ÷
     * spark.task.cpus), at most one per request.
     */
    int slices(int requests) {
        return Math.max(1, Math.min(requests, taskSlots() * partitionsPerCore));
    }

    /** The tasks that can run at once: cores ÷ spark.task.cpus, at least 1. */
    int taskSlots() {
        return Math.max(1, jsc.defaultParallelism() / jsc.getConf().getInt("spark.task.cpus", 1));
    }

    /**
     * The Spark settings every run needs: Kryo with registration required and our registrator; and,
     * when the master (set before this call) is local[N] and spark.task.cpus is not set, one task
     * slot of all N cores, so that a partition's evaluations are pulled by N threads one at a time
     * ({@link TaskThreads}) instead of split into N fixed shares.
     */
    public static SparkConf configure(SparkConf conf) {
        int localCores = localCores(conf.get("spark.master", ""));
        if (localCores > 1) {
            conf.setIfMissing("spark.task.cpus", Integer.toString(localCores));
        }
        return conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrationRequired", "true")
                .set("spark.kryo.registrator", BlurKryoRegistrator.class.getName())
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                .setIfMissing("spark.task.maxFailures", "4");
    }

    @Override
    public List<GenomeScore> score(List<Genome> genomes, TaskSet set, long generation) {
        int perGenome = tasks[set.ordinal()];
        List<EvaluationRequest> requests = requests(genomes, perGenome, set, generation);
        int slices = slices(requests.size());
        jsc.setJobDescription("generation " + generation + ": " + (set == TaskSet.META_TRAIN ? "meta-train, " : "meta-test, ")
                + genomes.size() + " genome(s) × " + perGenome + " task(s)");
        List<EvaluationReply> replies;
        try {
            replies = PartitionJob.run(jsc, requests, slices, new Evaluate(plan));
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw userProblem(jsc, e);
        }
        FitnessResult[][] grid = new FitnessResult[genomes.size()][perGenome];
        for (EvaluationReply r : replies) {
            grid[r.index()][r.task()] = r.result();
        }
        List<GenomeScore> out = new ArrayList<>();
        for (FitnessResult[] row : grid) {
            out.add(new GenomeScore(List.of(row)));
        }
        return out;
    }

    /** The (genome, task) requests of a generation, genome by genome, {@code perGenome} tasks each. */
    static List<EvaluationRequest> requests(List<Genome> genomes, int perGenome, TaskSet set, long generation) {
        List<EvaluationRequest> requests = new ArrayList<>();
        for (int g = 0; g < genomes.size(); g++) {
            for (int t = 0; t < perGenome; t++) {
                requests.add(new EvaluationRequest(g, genomes.get(g), set, t, generation));
            }
        }
        return requests;
    }

    /** The cores of a local[N], local[*] or local[N, F] master; 0 for any other master. */
    static int localCores(String master) {
        Matcher m = LOCAL.matcher(master.trim());
        if (!m.matches()) {
            return master.trim().equals("local") ? 1 : 0;
        }
        return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }

    /**
     * A failed job as the user's problem when it is one: bad input met on an executor (e.g. a dataset
     * file that fails its checksum there), or an application the cluster refused or stopped; else
     * {@code e} itself (a bug; a checked exception wrapped).
     */
    public static RuntimeException userProblem(JavaSparkContext jsc, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException bad) {
                return new BadInputException(bad.problems().stream().map(p -> "on an executor: " + p).toList());
            }
        }
        if (jsc.sc().isStopped()) {
            return new BadInputException("--master " + jsc.master() + ": the cluster refused or stopped the application ("
                    + e.getMessage().lines().findFirst().orElse("") + "); check that the master runs at that URL and"
                    + " that the application has the cluster's authentication settings (--properties-file)");
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }

    @Override
    public GradientScore gradient(Genome genome, long generation, int step, MetaGradientSettings settings) {
        int taskCount = tasks[TaskSet.META_TRAIN.ordinal()];
        int replicas = plan.value().unroll().replicas();
        List<GradientRequest> requests = new ArrayList<>();
        for (int t = 0; t < taskCount; t++) {
            for (int r = 0; r < replicas; r++) {
                requests.add(new GradientRequest(genome, t, r, generation, step, settings));
            }
        }
        int slices = slices(requests.size());
        jsc.setJobDescription("generation " + generation + ": meta-gradient step " + step + ", T = " + settings.steps()
                + ", " + taskCount + " task(s) × " + replicas + " replica(s)");
        List<GradientReply> replies;
        try {
            replies = PartitionJob.run(jsc, requests, slices, new Differentiate(plan));
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw userProblem(jsc, e);
        }
        GradientResult[][] grid = new GradientResult[taskCount][replicas];
        for (GradientReply r : replies) {
            grid[r.task()][r.replica()] = r.result();
        }
        return GradientScore.reduce(grid);
    }

    @Override
    public Faults takeFaults() {
        return faults.take();
    }

    @Override
    public String describe() {
        return "spark " + jsc.master() + " (parallelism " + jsc.defaultParallelism() + ")";
    }

    @Override
    public void close() {
        if (jsc.sc().isStopped()) {
            return;
        }
        jsc.sc().removeSparkListener(faults);
        plan.destroy();
        if (ownsContext) {
            jsc.stop();
        }
    }
}
