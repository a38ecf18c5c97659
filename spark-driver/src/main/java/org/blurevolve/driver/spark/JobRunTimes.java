package org.blurevolve.driver.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The wall time of the task bodies of every job that the attaching thread runs while attached, from
 * Spark's task metric {@code executorRunTime} (the task body after deserialisation and before result
 * serialisation, in whole ms, truncated; Spark 4 reports it multiplied by the task's CPUs,
 * {@code spark.task.cpus}, which this class divides out). {@code bench-spark} subtracts it from a generation's
 * wall time to get what Spark costs around the evaluations (docs/performance.md, "Spark"). The jobs are
 * told apart by a job group of their own, since listener events arrive asynchronously and a listener
 * also receives the events of jobs that ended before it was attached; {@link #awaitJobs} waits for
 * the events.
 */
final class JobRunTimes extends SparkListener implements AutoCloseable {
    /** The job property that holds a job's group (Spark's SparkContext.SPARK_JOB_GROUP_ID, not public). */
    private static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";
    private static final AtomicInteger GROUPS = new AtomicInteger();
    private final JavaSparkContext jsc;
    private final String group = "blur-job-run-times-" + GROUPS.incrementAndGet();
    private final int taskCpus;
    private final Map<Integer, Integer> jobOfStage = new HashMap<>();
    /** Job id → [tasks ended, sum of their run times in ms]; jobs in id order (the order they ran). */
    private final TreeMap<Integer, long[]> jobs = new TreeMap<>();
    private int jobsEnded;

    /**
     * Attaches to {@code jsc} and puts the jobs this thread runs from now on in a job group of their own;
     * {@link #close} detaches and clears the thread's job group.
     */
    JobRunTimes(JavaSparkContext jsc) {
        this.jsc = jsc;
        this.taskCpus = jsc.getConf().getInt("spark.task.cpus", 1);
        jsc.sc().addSparkListener(this);
        jsc.setJobGroup(group, "timed by bench-spark", false);
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        if (start.properties() == null || !group.equals(start.properties().getProperty(JOB_GROUP_PROPERTY))) {
            return;
        }
        for (Object stage : CollectionConverters.asJava(start.stageIds())) {
            jobOfStage.put((Integer) stage, start.jobId());
        }
        jobs.put(start.jobId(), new long[2]);
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        Integer job = jobOfStage.get(end.stageId());
        if (job == null || end.taskMetrics() == null) {
            return;
        }
        long[] tasks = jobs.get(job);
        tasks[0]++;
        tasks[1] += end.taskMetrics().executorRunTime();
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        if (!jobs.containsKey(end.jobId())) {
            return;
        }
        jobsEnded++;
        notifyAll();
    }

    /**
     * The tasks' summed body wall time in ms of each of the first {@code count} jobs run in the group, in
     * the order they ran, once their end events have arrived (at most {@code timeoutMs} of waiting).
     *
     * @throws IllegalStateException when the events do not arrive in time, or a job had no task metrics
     */
    synchronized List<RunTime> awaitJobs(int count, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (jobsEnded < count) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IllegalStateException(jobsEnded + " of " + count + " Spark jobs reported their end in "
                        + timeoutMs + " ms");
            }
            wait(left);
        }
        List<RunTime> out = new ArrayList<>();
        for (long[] tasks : jobs.values()) {
            if (out.size() == count) {
                break;
            }
            if (tasks[0] == 0) {
                throw new IllegalStateException("a Spark job ended without task metrics");
            }
            out.add(new RunTime((int) tasks[0], (double) tasks[1] / taskCpus));
        }
        return out;
    }

    @Override
    public void close() {
        jsc.clearJobGroup();
        jsc.sc().removeSparkListener(this);
    }

    /** A job's tasks and the summed wall time of their bodies in ms. */
    record RunTime(int tasks, double ms) {
        RunTime {
            if (tasks < 1 || !(ms >= 0)) {
                throw new IllegalArgumentException("tasks " + tasks + ", ms " + ms);
            }
        }
    }
}
