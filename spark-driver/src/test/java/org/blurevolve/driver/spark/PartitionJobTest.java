package org.blurevolve.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.blurevolve.BadInputException;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job run through {@link PartitionJob} on Spark local[2] with the scorer's settings (Kryo, registration
 * required), and the task body times {@link JobRunTimes} reads from such jobs.
 */
class PartitionJobTest {
    private static JavaSparkContext jsc;

    /** Replies with the request's index and task and an accuracy made from them; fails on index 13 if asked. */
    private static final class Echo extends PartitionJob<EvaluationRequest, EvaluationReply> {
        private static final long serialVersionUID = 1L;
        private final boolean failOn13;

        Echo(boolean failOn13) {
            super(EvaluationReply.class);
            this.failOn13 = failOn13;
        }

        @Override
        EvaluationReply reply(EvaluationRequest r) {
            if (failOn13 && r.index() == 13) {
                throw new BadInputException("request 13 is bad");
            }
            return new EvaluationReply(r.index(), r.task(),
                    new FitnessResult(EvaluationStatus.OK, r.index() + r.task() / 10.0, 0, 0, 15));
        }
    }

    private static final long SLEEP_MS = 40;

    /** Sleeps {@link #SLEEP_MS} per request, then replies. */
    private static final class Sleep extends PartitionJob<EvaluationRequest, EvaluationReply> {
        private static final long serialVersionUID = 1L;

        Sleep() {
            super(EvaluationReply.class);
        }

        @Override
        EvaluationReply reply(EvaluationRequest r) {
            try {
                Thread.sleep(SLEEP_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new EvaluationReply(r.index(), r.task(), FitnessResult.failed(EvaluationStatus.FAILED));
        }
    }

    @BeforeAll
    static void start() {
        jsc = new JavaSparkContext(SparkScorer.configure(new SparkConf().setMaster("local[2]").setAppName("PartitionJobTest")));
        jsc.setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        jsc.stop();
    }

    private static List<EvaluationRequest> requests(int genomes, int tasks) {
        GenomeLayout layout = GenomeLayout.shared(2);
        List<Genome> population = IntStream.range(0, genomes).mapToObj(i -> Genome.random(layout, i)).toList();
        return SparkScorer.requests(population, tasks, TaskSet.META_TRAIN, 4);
    }

    @Test
    void everyRequestIsAnsweredOnceInRequestOrderWhateverThePartitions() {
        List<EvaluationRequest> requests = requests(19, 2);
        for (int slices : new int[] {1, 3, 7, 38}) {
            List<EvaluationReply> replies = PartitionJob.run(jsc, requests, slices, new Echo(false));
            assertEquals(requests.size(), replies.size(), slices + " partitions");
            for (int i = 0; i < requests.size(); i++) {
                EvaluationRequest q = requests.get(i);
                EvaluationReply r = replies.get(i);
                assertEquals(q.index(), r.index(), slices + " partitions, reply " + i);
                assertEquals(q.task(), r.task(), slices + " partitions, reply " + i);
                assertEquals(q.index() + q.task() / 10.0, r.result().accuracy(), 0.0);
            }
        }
    }

    @Test
    void jobRunTimesGivesEachJobsTasksAndTheirRunTimeInTheOrderTheJobsRan() throws InterruptedException {
        List<EvaluationRequest> four = requests(4, 1);
        PartitionJob.run(jsc, four, 1, new Sleep()); // past the first jobs' cost, so that the wall time is close to the body's
        double wallMs;
        List<JobRunTimes.RunTime> jobs;
        AtomicReference<Throwable> otherFailed = new AtomicReference<>();
        Thread other = new Thread(() -> PartitionJob.run(jsc, four, 2, new Echo(false)));
        other.setUncaughtExceptionHandler((t, e) -> otherFailed.set(e));
        try (JobRunTimes runTimes = new JobRunTimes(jsc)) {
            long start = System.nanoTime();
            PartitionJob.run(jsc, four, 1, new Sleep());
            wallMs = (System.nanoTime() - start) / 1e6;
            other.start();
            other.join(); // a thread constructed before attaching does not inherit the tag: its job is not counted
            PartitionJob.run(jsc, four, 4, new Sleep());
            jobs = runTimes.awaitJobs(2, 30_000);
            assertThrows(IllegalStateException.class, () -> runTimes.awaitJobs(3, 200), "a third job never ran");
        }
        assertNull(otherFailed.get(), "the untagged job ran");
        assertEquals(1, jobs.get(0).tasks());
        // one task of two threads (spark.task.cpus = 2): four sleeps of 40 ms take at least two rounds; Spark
        // reports twice the body's wall time, which would exceed the job's wall time if not divided out. The
        // estimate may read up to 1 ms short per task (JobRunTimes).
        assertTrue(jobs.get(0).ms() >= 2 * SLEEP_MS - 1 && jobs.get(0).ms() <= wallMs, jobs.get(0) + ", wall " + wallMs + " ms");
        assertEquals(4, jobs.get(1).tasks());
        assertTrue(jobs.get(1).ms() >= 4 * (SLEEP_MS - 1), "four tasks of one sleep each: " + jobs.get(1));
    }

    @Test
    void aFailureOnAnExecutorReachesTheDriverWithItsCause() {
        Exception thrown = assertThrows(Exception.class, // Spark's checked SparkException, undeclared
                () -> PartitionJob.run(jsc, requests(19, 1), 3, new Echo(true)));
        boolean found = false;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            found |= t instanceof BadInputException bad && bad.getMessage().contains("request 13 is bad");
        }
        assertTrue(found, "the BadInputException is among the causes: " + thrown);
    }
}
