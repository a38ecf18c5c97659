package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.run.EvolutionRun;
import org.blurevolve.driver.run.InitialPopulation;
import org.blurevolve.driver.scoring.Faults;
import org.blurevolve.driver.scoring.GenomeScore;
import org.blurevolve.driver.scoring.GradientScore;
import org.blurevolve.gradient.MetaGradientSettings;
import org.blurevolve.gradient.MetaLoss;
import org.blurevolve.driver.scoring.InProcessScorer;
import org.blurevolve.driver.spark.SparkScorer;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's {@code local-cluster[2,1,1024]}: a master, two workers and two forked executor JVMs,
 * nothing mocked. A run there equals the in-process run, and killing an executor JVM in the middle
 * of a generation changes nothing: Spark re-runs its tasks and the scores are identical.
 */
@Tag("spark")
class LocalClusterTest {
    private static JavaSparkContext jsc;
    private static final RunningTasks running = new RunningTasks();

    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
        SparkConf conf = SparkScorer.configure(new SparkConf().setMaster("local-cluster[2,1,1024]").setAppName("lc"))
                .set("spark.executor.extraClassPath", System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")))
                .set("spark.executorEnv.OMP_NUM_THREADS", "1")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        jsc = new JavaSparkContext(conf);
        jsc.setLogLevel("ERROR");
        jsc.sc().addSparkListener(running);
    }

    @AfterAll
    static void stopCluster() {
        jsc.stop();
    }

    private static ExperimentConfig experiment(String name, int generations) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, "blur { name = " + name + ", seed = 17, output-dir = \"" + dir.resolve("runs") + "\"\n"
                + "network.hidden = [32]\n"
                + "inner-loop { learning-steps = 10, query-batches = 4, batch = 128, replicas = 2 }\n"
                + "tasks.meta-train = [{family = random_xor, draws = 2}, {family = circle}]\n"
                + "evolution { population = 12, meta-test-every = 0 }\n"
                + "termination.generations = " + generations + "\n}\n");
        return ExperimentLoader.load(conf, List.of());
    }

    @Test
    void runOnForkedExecutorsEqualsTheInProcessRun() throws Exception {
        ExperimentConfig cluster = experiment("cluster", 3);
        ExperimentConfig local = experiment("local", 3);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        EvolutionRun.Summary a;
        EvolutionRun.Summary b;
        try (SparkScorer s = spark(cluster)) {
            a = new EvolutionRun(cluster, quiet).start(s, InitialPopulation.read(cluster));
        }
        try (InProcessScorer s = new InProcessScorer(local.plan(), 2)) {
            b = new EvolutionRun(local, quiet).start(s, InitialPopulation.read(local));
        }
        assertEquals(Genome.class, a.best().getClass());
        assertTrue(java.util.Arrays.equals(a.best().genes(), b.best().genes()), "same best genome");
        assertEquals(RunFolders.comparableMetrics(b.runDir()), RunFolders.comparableMetrics(a.runDir()));
    }

    @Test
    void killingAnExecutorMidGenerationDoesNotChangeTheScores() throws Exception {
        ExperimentConfig config = experiment("kill", 1);
        List<Genome> genomes = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            genomes.add(Genome.random(config.layout(), 50 + i));
        }
        List<GenomeScore> expected;
        try (InProcessScorer s = new InProcessScorer(config.plan(), 2)) {
            expected = s.score(genomes, TaskSet.META_TRAIN, 3);
        }
        try (SparkScorer scorer = spark(config)) {
            scorer.score(genomes.subList(0, 2), TaskSet.META_TRAIN, 3);
            CompletableFuture<List<GenomeScore>> job = CompletableFuture.supplyAsync(
                    () -> scorer.score(genomes, TaskSet.META_TRAIN, 3));
            killAnExecutorRunningATaskOf(job);
            List<GenomeScore> scores = job.get(180, TimeUnit.SECONDS);
            assertEquals(expected, scores);
            Faults faults = scorer.takeFaults();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // the listener bus may deliver the executor's removal before its tasks' failures: wait for both
            while ((faults.lostExecutors() == 0 || faults.failedTasks() == 0) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                Faults later = scorer.takeFaults();
                faults = new Faults(faults.lostExecutors() + later.lostExecutors(), faults.failedTasks() + later.failedTasks());
            }
            assertEquals(1, faults.lostExecutors(), "the killed executor is counted");
            assertTrue(faults.failedTasks() >= 1, "its running task attempts failed and were retried: " + faults);
        }
    }

    @Test
    void killingAnExecutorMidMetaGradientDoesNotChangeTheGradient() throws Exception {
        ExperimentConfig config = experiment("killGradient", 1);
        Genome genome = Genome.random(config.layout(), 77);
        MetaGradientSettings settings = new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, 40, 0, 0);
        GradientScore expected;
        try (InProcessScorer s = new InProcessScorer(config.plan(), 2)) {
            expected = s.gradient(genome, 5, 0, settings);
        }
        try (SparkScorer scorer = spark(config)) {
            scorer.score(List.of(genome), TaskSet.META_TRAIN, 0);
            CompletableFuture<GradientScore> job = CompletableFuture.supplyAsync(() -> scorer.gradient(genome, 5, 0, settings));
            killAnExecutorRunningATaskOf(job);
            GradientScore got = job.get(180, TimeUnit.SECONDS);
            assertTrue(got.mean().ok());
            assertArrayEquals(expected.mean().gradient(), got.mean().gradient(), 0.0);
            assertEquals(expected.mean().loss(), got.mean().loss(), 0.0);
            assertEquals(expected.perTask(), got.perTask());
        }
    }

    /**
     * Waits until the listener bus reports a task attempt running on an executor while {@code job}
     * is still going, then kills that executor's JVM. Killing whichever executor comes first is not
     * enough: on a fast machine it may already have finished its partition and be idle.
     */
    private static void killAnExecutorRunningATaskOf(CompletableFuture<?> job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Optional<String> busy = running.busyExecutor();
        while (busy.isEmpty() && !job.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(1);
            busy = running.busyExecutor();
        }
        assertTrue(busy.isPresent(), "an executor reported a running task attempt");
        String id = busy.get();
        List<ProcessHandle> executor = ProcessHandle.current().descendants()
                .filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend\0")
                        && commandLine(p).contains("\0--executor-id\0" + id + "\0")).toList();
        assertEquals(1, executor.size(), "the forked JVM of executor " + id);
        assertFalse(job.isDone(), "the job is still running when its executor is killed");
        assertTrue(executor.get(0).destroyForcibly());
    }

    /** Task attempts running per executor id, as the listener bus reports their starts and ends. */
    private static final class RunningTasks extends SparkListener {
        private final Map<String, AtomicInteger> byExecutor = new ConcurrentHashMap<>();

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            byExecutor.computeIfAbsent(start.taskInfo().executorId(), e -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            byExecutor.computeIfAbsent(end.taskInfo().executorId(), e -> new AtomicInteger()).decrementAndGet();
        }

        Optional<String> busyExecutor() {
            return byExecutor.entrySet().stream().filter(e -> e.getValue().get() > 0).map(Map.Entry::getKey).findFirst();
        }
    }

    /** A Spark scorer of the experiment on the shared cluster context (which it does not stop). */
    private static SparkScorer spark(ExperimentConfig config) {
        return new SparkScorer(jsc, config.plan(), config.spark().partitionsPerCore(), false);
    }

    /** The full command line from /proc (ProcessHandle.Info drops long ones). */
    private static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return p.info().commandLine().orElse("");
        }
    }

}
