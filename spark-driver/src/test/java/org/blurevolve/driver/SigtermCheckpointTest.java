package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.blurevolve.driver.cli.BlurCli;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.run.Checkpoint;
import org.blurevolve.driver.run.CheckpointStore;
import org.blurevolve.driver.run.EvolutionRun;
import org.blurevolve.driver.run.InitialPopulation;
import org.blurevolve.driver.scoring.InProcessScorer;
import org.blurevolve.genome.GenomeFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real interruption: `blur evolve` in a child JVM, periodic checkpoints off, stopped with SIGTERM
 * mid-run. Its shutdown hook must leave a checkpoint of the last finished generation, and resuming
 * must end with the same metrics and best genome as a run that was never stopped.
 */
class SigtermCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void sigtermLeavesACheckpointAndTheResumedRunEqualsAnUninterruptedOne() throws Exception {
        String body = "blur { name = NAME, seed = 4, output-dir = \"" + dir.resolve("runs") + "\"\n"
                + "network.hidden = [32]\n"
                + "inner-loop { learning-steps = 10, query-batches = 4, batch = 128, replicas = 2 }\n"
                + "tasks.meta-train = [{family = random_xor, draws = 2}]\n"
                + "evolution { population = 16, meta-test-every = 0 }\n"
                + "termination.generations = 40\n"
                + "checkpoint.every = 100000\n}\n";
        Path stopped = dir.resolve("stopped.conf");
        Files.writeString(stopped, body.replace("NAME", "stopped"));
        String log = evolveThenSigterm(stopped, "stopped", "--in-process");
        CheckpointStore.Latest latest = CheckpointStore.latest(dir.resolve("runs/stopped/checkpoints"));
        assertTrue(latest != null, "checkpoint after SIGTERM: " + log);
        assertEquals(List.of(), latest.skipped(), "every checkpoint reads whole");
        Checkpoint cp = latest.checkpoint();
        long generation = cp.state().generation();
        assertTrue(generation >= 2 && generation < 40, "checkpoint after SIGTERM: " + log);
        assertTrue(log.contains("SIGTERM: wrote checkpoint after generation " + generation), log);
        assertTrue(log.contains("stopped (SIGTERM or Ctrl-C); generations 0-" + generation + " are checkpointed,"
                + " continue with `blur resume " + dir.resolve("runs/stopped") + "`"), log);

        ExperimentConfig resumedConfig = cp.experiment();
        EvolutionRun.Summary resumed;
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        try (InProcessScorer s = new InProcessScorer(resumedConfig.plan(), 2)) {
            resumed = new EvolutionRun(resumedConfig, quiet).resume(s, dir.resolve("runs/stopped"), cp);
        }
        Path whole = dir.resolve("whole.conf");
        Files.writeString(whole, body.replace("NAME", "whole"));
        ExperimentConfig wholeConfig = ExperimentLoader.load(whole, List.of());
        EvolutionRun.Summary uninterrupted;
        try (InProcessScorer s = new InProcessScorer(wholeConfig.plan(), 2)) {
            uninterrupted = new EvolutionRun(wholeConfig, quiet).start(s, InitialPopulation.read(wholeConfig));
        }
        assertEquals(40, resumed.generations());
        assertArrayEquals(uninterrupted.best().genes(), resumed.best().genes());
        assertEquals(uninterrupted.evaluations(), resumed.evaluations());
        assertEquals(RunFolders.comparableMetrics(uninterrupted.runDir()), RunFolders.comparableMetrics(resumed.runDir()));
        assertEquals(RunFolders.comparableJsonMetrics(uninterrupted.runDir()),
                RunFolders.comparableJsonMetrics(resumed.runDir()));
        assertEquals(GenomeFile.read(uninterrupted.runDir().resolve("best-genome.json")).get(0).genome(),
                GenomeFile.read(resumed.runDir().resolve("best-genome.json")).get(0).genome());
    }

    /**
     * With Spark (local[2]) SIGTERM also runs Spark's shutdown hook, which stops the context under the
     * running job. The run must end with a plain "stopped" line naming `blur resume`, not a stack
     * trace or a message blaming the cluster, and keep a checkpoint of a finished generation.
     */
    @Test
    void sigtermDuringASparkJobSaysStoppedAndKeepsTheCheckpoints() throws Exception {
        Path conf = dir.resolve("spark.conf");
        Files.writeString(conf, "blur { name = spark, seed = 4, output-dir = \"" + dir.resolve("runs") + "\"\n"
                + "network.hidden = [32]\n"
                + "inner-loop { learning-steps = 10, query-batches = 4, batch = 128, replicas = 2 }\n"
                + "tasks.meta-train = [{family = random_xor, draws = 2}]\n"
                + "evolution { population = 16, meta-test-every = 0 }\n"
                + "termination.generations = 100000\n}\n");
        String log = evolveThenSigterm(conf, "spark", "--master", "local[2]");
        assertTrue(log.contains("stopped (SIGTERM or Ctrl-C); generations 0-")
                && log.contains("are checkpointed, continue with `blur resume " + dir.resolve("runs/spark") + "`"), log);
        assertTrue(!log.contains("cluster refused") && !log.contains("\tat "), "no blame on the cluster, no stack trace: " + log);
        CheckpointStore.Latest latest = CheckpointStore.latest(dir.resolve("runs/spark/checkpoints"));
        // metrics rows for generations 0..3 were written, so generation 2's checkpoint was written before 3 ran
        assertTrue(latest != null && latest.checkpoint().state().generation() >= 2, log);
    }

    /**
     * Runs `blur evolve CONF FLAGS` in a child JVM (this JVM's module flags, which Spark needs, and
     * class path), sends it SIGTERM once runs/RUN/metrics.csv has rows for generations 0..3, and
     * returns what it printed.
     */
    private String evolveThenSigterm(Path conf, String run, String... flags) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dio.netty"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BlurCli.class.getName(),
                "evolve", conf.toString()));
        command.addAll(List.of(flags));
        Path log = dir.resolve(run + ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path metrics = dir.resolve("runs/" + run + "/metrics.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && (!Files.exists(metrics) || Files.readAllLines(metrics).size() < 5)) {
            Thread.sleep(50);
        }
        child.destroy();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child stopped after SIGTERM");
        return Files.readString(log);
    }
}
