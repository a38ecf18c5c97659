package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blurevolve.driver.config.ConfigError;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.evolution.Checkpoint;
import org.blurevolve.driver.evolution.EvolutionRun;
import org.blurevolve.driver.evolution.ExperimentContext;
import org.blurevolve.driver.evolution.InProcessScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints are complete: a run resumed from one ends exactly as the uninterrupted run. */
class ResumeTest {
    @TempDir
    Path dir;

    private ExperimentConfig experiment(String name) throws Exception {
        return experiment(name, "ga");
    }

    private ExperimentConfig experiment(String name, String strategy) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, "blur { name = " + name + ", seed = 21, output-dir = \"" + dir.resolve("runs") + "\"\n"
                + "network.hidden = [10]\n"
                + "inner-loop { learning-steps = 6, query-batches = 2, batch = 32 }\n"
                + "tasks.meta-train = [{family = random_xor, draws = 2}]\n"
                + "evolution { population = 10, elites = 1, meta-test-every = 0 }\n"
                + "termination.generations = 6\n"
                + "checkpoint.keep = 10\n"
                + "evolution.strategy = " + strategy + "\n}\n");
        return ExperimentLoader.load(conf, List.of());
    }

    private static EvolutionRun.Summary run(ExperimentConfig c) throws Exception {
        try (InProcessScorer s = new InProcessScorer(ExperimentContext.of(c), 2)) {
            return new EvolutionRun(c, new PrintStream(new ByteArrayOutputStream())).run(s);
        }
    }

    @Test
    void runResumedFromGenerationThreeEndsIdenticalToTheUninterruptedRun() throws Exception {
        resumeFromGenerationThree(experiment("twice"));
    }

    @Test
    void cmaEsRunResumedFromGenerationThreeEndsIdenticalToTheUninterruptedRun() throws Exception {
        resumeFromGenerationThree(experiment("cma", "cma-es"));
    }

    private void resumeFromGenerationThree(ExperimentConfig config) throws Exception {
        EvolutionRun.Summary whole = run(config);
        List<String> wholeMetrics = RunFolders.comparableMetrics(whole.runDir());
        String wholeBest = Files.readString(whole.runDir().resolve("best-genome.json")).replaceAll("\"createdAt\": \"[^\"]*\"", "");

        Path checkpoints = whole.runDir().resolve("checkpoints");
        assertEquals(7, Checkpoint.list(checkpoints).size(), "one checkpoint per generation 0..6");
        for (Path p : Checkpoint.list(checkpoints)) {
            if (Checkpoint.read(p).generation() > 3) {
                Files.delete(p);
            }
        }
        Checkpoint cp = Checkpoint.latest(checkpoints);
        assertEquals(3, cp.generation());
        ExperimentConfig again = ExperimentLoader.fromResolvedText(cp.resolvedConfig(), cp.experiment());
        assertEquals(config.resolvedText(), again.resolvedText(), "resolved text re-renders identically");
        EvolutionRun.Summary resumed;
        try (InProcessScorer s = new InProcessScorer(ExperimentContext.of(again), 2)) {
            resumed = new EvolutionRun(again, new PrintStream(new ByteArrayOutputStream())).resume(s, whole.runDir(), cp);
        }
        assertEquals(6, resumed.generations());
        assertArrayEquals(whole.best().genes(), resumed.best().genes());
        assertEquals(whole.evaluations(), resumed.evaluations());
        assertEquals(wholeMetrics, RunFolders.comparableMetrics(whole.runDir()), "metrics rows of generations 0..6 are identical");
        assertEquals(wholeBest, Files.readString(whole.runDir().resolve("best-genome.json"))
                .replaceAll("\"createdAt\": \"[^\"]*\"", ""));
    }


    @Test
    void finishedRunExtendedWithMoreGenerationsEqualsALongerRun() throws Exception {
        ExperimentConfig shortRun = experiment("extend");
        EvolutionRun.Summary first = run(shortRun);
        assertEquals(6, first.generations());
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
            code = org.blurevolve.driver.cli.BlurCli.run("resume", first.runDir().toString(), "--in-process",
                    "--generations", "9");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        Path conf = dir.resolve("long.conf");
        Files.writeString(conf, Files.readString(dir.resolve("extend.conf")).replace("name = extend", "name = long")
                .replace("termination.generations = 6", "termination.generations = 9"));
        EvolutionRun.Summary longer = run(ExperimentLoader.load(conf, List.of()));
        assertEquals(RunFolders.comparableMetrics(longer.runDir()), RunFolders.comparableMetrics(first.runDir()));
        assertTrue(Files.readString(first.runDir().resolve("config.conf")).contains("generations=9"));
    }

    @Test
    void resumeRefusesAChangedExperimentBeyondTermination() throws Exception {
        EvolutionRun.Summary first = run(experiment("changed"));
        Checkpoint cp = Checkpoint.latest(first.runDir().resolve("checkpoints"));
        ExperimentConfig other = ExperimentLoader.fromResolvedText(
                cp.resolvedConfig().replace("population=10", "population=12"), "x");
        ConfigError e = assertThrows(ConfigError.class, () -> new EvolutionRun(other,
                new PrintStream(new ByteArrayOutputStream())).resume(new InProcessScorer(ExperimentContext.of(other), 1),
                first.runDir(), cp));
        assertTrue(e.getMessage().contains("only termination may change"), e.getMessage());
    }

    @Test
    void goldenVersionOneCheckpointStillLoads() throws Exception {
        Path golden = Path.of(getClass().getResource("/golden/checkpoint-v1.json").toURI());
        Checkpoint cp = Checkpoint.read(golden);
        assertEquals(2, cp.generation());
        assertEquals(19, cp.evaluations());
        assertEquals(10, cp.population().size());
        assertEquals(20, cp.population().get(0).genes().length);
        assertTrue(cp.resolvedConfig().contains("random_xor"));
        ExperimentConfig config = ExperimentLoader.fromResolvedText(cp.resolvedConfig(), "golden");
        assertEquals(10, config.evolution().population());
    }

    @Test
    void checkpointOfANewerFormatIsRefusedWithTheWayOut() throws Exception {
        Path golden = Path.of(getClass().getResource("/golden/checkpoint-v1.json").toURI());
        Path newer = dir.resolve("checkpoint-000009.json");
        Files.writeString(newer, Files.readString(golden).replace("\"version\": 1", "\"version\": 2"));
        ConfigError e = assertThrows(ConfigError.class, () -> Checkpoint.read(newer));
        assertTrue(e.getMessage().contains(newer + ": version = 2, this program reads checkpoint versions 1..1"),
                e.getMessage());
    }
}
