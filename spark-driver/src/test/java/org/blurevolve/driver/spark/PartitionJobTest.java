package org.blurevolve.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

/** A job run through {@link PartitionJob} on Spark local[2] with the scorer's settings (Kryo, registration required). */
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
