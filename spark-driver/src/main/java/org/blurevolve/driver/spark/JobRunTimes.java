package org.blurevolve.driver.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The wall time of the task bodies of the jobs that the attaching thread (and threads it constructs while
 * attached) submits while attached, for {@code bench-spark}, which subtracts it from a generation's wall time to
 * get what Spark costs around the evaluations (docs/performance.md, "Spark"). The jobs carry a job tag
 * of their own, since listener events arrive asynchronously and events still queued from earlier jobs
 * reach a new listener too.
 *
 * <p>A body's time comes from two task metrics, each truncated to whole ms. Spark 4.2 (the version this
 * project builds on) reports {@code executorRunTime} = c·T − d₂ and {@code executorDeserializeTime} =
 * d₁ + d₂, where T is the time from the task's start to its end, c its CPUs ({@code spark.task.cpus}), d₁
 * the deserialisation of the task object (with its partition's requests) before the start and d₂ that of
 * the RDD and function after it. The body, T − d₂, is not separable from these; this class takes
 * (run + deserialise) ÷ c − deserialise = T − d₂ − d₁·(1 − 1/c), which reads short by d₁·(1 − 1/c) (half
 * of d₁ at c = 2; exact at c = 1) and by the truncation (under 1 ms per task). What is subtracted from a
 * generation's wall time is so at most the body, and the cost around it an upper bound. Later Spark
 * versions change the formula (and allow fractional CPUs); the bounds in PartitionJobTest catch the
 * multiplication's removal.
 */
final class JobRunTimes extends SparkListener implements AutoCloseable {
    /** The job property that holds a job's tags, comma-separated (Spark's SparkContext.SPARK_JOB_TAGS, not public). */
    private static final String JOB_TAGS_PROPERTY = "spark.job.tags";
    private static final AtomicInteger TAGS = new AtomicInteger();
    private final JavaSparkContext jsc;
    private final String tag = "blur-job-run-times-" + TAGS.incrementAndGet();
    private final int taskCpus;
    private final Map<Integer, Integer> jobOfStage = new HashMap<>();
    /** The tagged jobs by id (the order they were submitted). */
    private final TreeMap<Integer, Job> jobs = new TreeMap<>();

    /** A tagged job's successful tasks, their summed body time, and whether the job has ended. */
    private static final class Job {
        int tasks;
        double bodyMs;
        boolean ended;
    }

    /**
     * Attaches to {@code jsc} and tags the jobs this thread submits from now on; {@link #close}, on the
     * same thread, removes the tag and detaches.
     */
    JobRunTimes(JavaSparkContext jsc) {
        this.jsc = jsc;
        this.taskCpus = jsc.getConf().getInt("spark.task.cpus", 1);
        jsc.sc().addSparkListener(this);
        jsc.addJobTag(tag);
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        String tags = start.properties() == null ? null : start.properties().getProperty(JOB_TAGS_PROPERTY);
        if (tags == null || !Arrays.asList(tags.split(",")).contains(tag)) {
            return;
        }
        for (Object stage : CollectionConverters.asJava(start.stageIds())) {
            jobOfStage.put((Integer) stage, start.jobId());
        }
        jobs.put(start.jobId(), new Job());
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        Integer id = jobOfStage.get(end.stageId());
        TaskMetrics m = end.taskMetrics();
        if (id == null || m == null || !end.taskInfo().successful()) {
            return;
        }
        Job job = jobs.get(id);
        job.tasks++;
        job.bodyMs += (double) (m.executorRunTime() + m.executorDeserializeTime()) / taskCpus
                - m.executorDeserializeTime();
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        Job job = jobs.get(end.jobId());
        if (job != null) {
            job.ended = true;
            notifyAll();
        }
    }

    /**
     * Each of the first {@code count} tagged jobs, in the order they were submitted, once all of them
     * have reported their end (waiting at most {@code timeoutMs}).
     *
     * @throws IllegalStateException when they do not report in time, or one had no successful task
     */
    synchronized List<RunTime> awaitJobs(int count, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (ended(count) < count) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new IllegalStateException(ended(count) + " of " + count + " Spark jobs reported their end in "
                        + timeoutMs + " ms");
            }
            wait(leftMs);
        }
        List<RunTime> out = new ArrayList<>();
        for (Job job : jobs.values()) {
            if (out.size() == count) {
                break;
            }
            if (job.tasks == 0) {
                throw new IllegalStateException("a Spark job ended without a successful task");
            }
            out.add(new RunTime(job.tasks, job.bodyMs));
        }
        return out;
    }

    /** How many of the first {@code count} tagged jobs have ended. */
    private int ended(int count) {
        return (int) jobs.values().stream().limit(count).filter(j -> j.ended).count();
    }

    @Override
    public void close() {
        jsc.removeJobTag(tag);
        jsc.sc().removeSparkListener(this);
    }

    /**
     * A job's successful tasks and the summed wall time of their bodies in ms (an estimate, short by up to
     * half the task objects' deserialisation and 1 ms per task; see the class comment).
     */
    record RunTime(int tasks, double ms) {
        RunTime {
            if (tasks < 1 || !Double.isFinite(ms)) {
                throw new IllegalArgumentException("tasks " + tasks + ", ms " + ms);
            }
        }
    }
}
