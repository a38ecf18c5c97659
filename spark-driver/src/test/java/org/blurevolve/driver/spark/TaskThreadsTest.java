package org.blurevolve.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The threads a Spark task evaluates its partition on, and the local-mode task slot. */
class TaskThreadsTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 40).boxed().toList();

    @Test
    void everyItemRunsOnceOnSeveralThreadsAndResultsKeepTheirOrder() throws Exception {
        AtomicIntegerArray runs = new AtomicIntegerArray(ITEMS.size());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> out = TaskThreads.map(ITEMS.iterator(), i -> {
            runs.incrementAndGet(i);
            threads.add(Thread.currentThread().getName());
            sleep(i % 7 == 0 ? 20 : 1); // uneven costs, as diverging genomes make them
            return i * i;
        }, 3, () -> false);
        assertEquals(ITEMS.stream().map(i -> i * i).toList(), out);
        for (int i = 0; i < ITEMS.size(); i++) {
            assertEquals(1, runs.get(i), "item " + i);
        }
        assertTrue(threads.size() >= 2, "pulled by more than one thread: " + threads);
        assertTrue(threads.contains(Thread.currentThread().getName()), "the task's own thread works too");
    }

    @Test
    void oneCpuRunsInTheCallersThreadInOrder() throws Exception {
        List<String> seen = new java.util.ArrayList<>();
        String me = Thread.currentThread().getName();
        List<Integer> out = TaskThreads.map(ITEMS.iterator(), i -> {
            seen.add(Thread.currentThread().getName() + ":" + i);
            return -i;
        }, 1, () -> false);
        assertEquals(ITEMS.stream().map(i -> -i).toList(), out);
        assertEquals(ITEMS.stream().map(i -> me + ":" + i).toList(), seen);
    }

    @Test
    void theFirstFailureIsRethrownAndTheOthersStopPulling() {
        IllegalStateException boom = new IllegalStateException("item 5");
        AtomicInteger started = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> TaskThreads.map(ITEMS.iterator(), i -> {
            started.incrementAndGet();
            sleep(5);
            if (i == 5) {
                throw boom;
            }
            return i;
        }, 2, () -> false));
        assertSame(boom, thrown);
        assertTrue(started.get() < ITEMS.size(), "pulling stops after a failure: " + started.get() + " started");
    }

    @Test
    void aKilledTaskStopsPullingAndSaysSo() {
        AtomicInteger done = new AtomicInteger();
        assertThrows(InterruptedException.class, () -> TaskThreads.map(ITEMS.iterator(), i -> {
            sleep(2);
            return done.incrementAndGet();
        }, 2, () -> done.get() >= 10));
        assertTrue(done.get() < ITEMS.size(), done.get() + " evaluated");
    }

    @Test
    void aLocalMasterGivesOneTaskAllItsCoresUnlessSparkTaskCpusIsSet() {
        assertEquals(1, SparkScorer.localCores("local"));
        assertEquals(3, SparkScorer.localCores("local[3]"));
        assertEquals(2, SparkScorer.localCores("local[2, 4]"));
        assertEquals(Runtime.getRuntime().availableProcessors(), SparkScorer.localCores("local[*]"));
        assertEquals(0, SparkScorer.localCores("local-cluster[2,1,1024]"));
        assertEquals(0, SparkScorer.localCores("spark://host:7077"));
        assertEquals("2", SparkScorer.configure(new SparkConf().setMaster("local[2]")).get("spark.task.cpus"));
        assertEquals("1", SparkScorer.configure(new SparkConf().setMaster("local[2]").set("spark.task.cpus", "1"))
                .get("spark.task.cpus"));
        assertEquals("absent", SparkScorer.configure(new SparkConf().setMaster("spark://host:7077"))
                .get("spark.task.cpus", "absent"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
