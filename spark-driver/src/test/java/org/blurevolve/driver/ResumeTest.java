package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.blurevolve.BadInputException;
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

/** Checkpoints are complete: a run resumed from one ends exactly as the uninterrupted run. */
class ResumeTest {
    @TempDir
    Path dir;

    private ExperimentConfig experiment(String name) throws Exception {
        return experiment(name, "ga");
    }

    private ExperimentConfig experiment(String name, String strategy) throws Exception {
        return experiment(name, strategy, "");
    }

    private ExperimentConfig experiment(String name, String strategy, String extra) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, "blur { name = " + name + ", seed = 21, output-dir = \"" + dir.resolve("runs") + "\"\n"
                + "network.hidden = [10]\n"
                + "inner-loop { learning-steps = 6, query-batches = 2, batch = 32 }\n"
                + "tasks.meta-train = [{family = random_xor, draws = 2}]\n"
                + "evolution { population = 10, elites = 1, meta-test-every = 0 }\n"
                + "termination.generations = 6\n"
                + "checkpoint.keep = 10\n"
                + "evolution.strategy = " + strategy + "\n" + extra + "}\n");
        return ExperimentLoader.load(conf, List.of());
    }

    private static EvolutionRun.Summary run(ExperimentConfig c) throws Exception {
        try (InProcessScorer s = new InProcessScorer(c.plan(), 2)) {
            return new EvolutionRun(c, new PrintStream(new ByteArrayOutputStream())).start(s, InitialPopulation.read(c));
        }
    }

    /** Runs the command line with its output captured; returns the exit code and stores stdout + stderr in {@code out}. */
    private static int cli(StringBuilder out, String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try {
            PrintStream capture = new PrintStream(bytes, true);
            System.setOut(capture);
            System.setErr(capture);
            code = BlurCli.run(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        out.append(bytes);
        return code;
    }

    private static String bestGenomeWithoutTimestamps(Path runDir) throws Exception {
        return Files.readString(runDir.resolve("best-genome.json")).replaceAll("\"createdAt\": \"[^\"]*\"", "");
    }

    @Test
    void runResumedFromGenerationThreeEndsIdenticalToTheUninterruptedRun() throws Exception {
        resumeFromGenerationThree(experiment("twice"));
    }

    @Test
    void cmaEsRunResumedFromGenerationThreeEndsIdenticalToTheUninterruptedRun() throws Exception {
        resumeFromGenerationThree(experiment("cma", "cma-es"));
    }

    @Test
    void gradientRunResumedFromGenerationThreeEndsIdenticalToTheUninterruptedRun() throws Exception {
        ExperimentConfig config = experiment("grad", "gradient\nevolution.gradient { learning-rate = 0.05,"
                + " curriculum { start = 3, increase = 1, every = 2, max = 6 } }");
        resumeFromGenerationThree(config);
        assertEquals(List.of("3", "3", "4", "4", "5", "5", "6"), column(config, "horizons"),
                "without gradient horizons each meta-step is scored at its T alone");
    }

    /** The values of one metrics.csv column, generation by generation. */
    private static List<String> column(ExperimentConfig config, String name) throws Exception {
        List<String> rows = Files.readAllLines(config.runDir().resolve("metrics.csv"));
        int column = Arrays.asList(rows.get(0).split(",")).indexOf(name);
        return rows.stream().skip(1).map(r -> r.split(",", -1)[column]).toList();
    }

    /**
     * A meta-step's fitness is scored at the gradient's horizons of that step (here [2, T] with T from
     * 3 to 6), not at fitness scoring's: the metrics record them, the hall of fame ranks only steps of
     * equal horizons together and its genomes carry them as provenance.
     */
    @Test
    void gradientRunWithHorizonsRecordsTheHorizonsOfEachMetaStep() throws Exception {
        ExperimentConfig config = experiment("gradh", "gradient\nevolution.gradient { learning-rate = 0.05,"
                + " horizons = [2, 6], curriculum { start = 3, increase = 1, every = 2, max = 6 } }");
        resumeFromGenerationThree(config);
        assertEquals(List.of("2;3", "2;3", "2;4", "2;4", "2;5", "2;5", "2;6"), column(config, "horizons"));
        List<GenomeFile.Entry> hall = GenomeFile.read(config.runDir().resolve("hall-of-fame.json"));
        assertEquals(1, hall.size(), "only the last meta-step was scored at horizons [2, 6]");
        assertEquals(6, ((Number) hall.get(0).provenance().get("generation")).intValue());
        assertEquals(List.of(2, 6), ((List<?>) hall.get(0).provenance().get("horizons")).stream()
                .map(h -> ((Number) h).intValue()).toList());
    }

    /**
     * A gradient run whose metrics.csv was written before the synapse_growth column existed (the same
     * run with that column cut off) resumes from generation 3: the rows kept get the column, empty
     * (NaN), and the meta-steps run after the resume record a finite growth.
     */
    @Test
    void gradientRunWrittenBeforeTheSynapseGrowthColumnResumesWithTheColumn() throws Exception {
        ExperimentConfig config = experiment("gradold", "gradient\nevolution.gradient.learning-rate = 0.05");
        EvolutionRun.Summary whole = run(config);
        Path csv = whole.runDir().resolve("metrics.csv");
        List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.get(0).endsWith(",meta_loss,gradient_norm,horizon,synapse_growth"), rows.get(0));
        Files.write(csv, rows.stream().map(r -> r.substring(0, r.lastIndexOf(','))).toList());
        Path checkpoints = whole.runDir().resolve("checkpoints");
        for (Path p : CheckpointStore.list(checkpoints)) {
            if (Checkpoint.read(p).state().generation() > 3) {
                Files.delete(p);
            }
        }
        Checkpoint cp = CheckpointStore.latest(checkpoints).checkpoint();
        try (InProcessScorer s = new InProcessScorer(cp.experiment().plan(), 2)) {
            new EvolutionRun(cp.experiment(), new PrintStream(new ByteArrayOutputStream())).resume(s, whole.runDir(), cp);
        }
        List<String> growth = column(config, "synapse_growth");
        assertEquals(List.of("", "", "", ""), growth.subList(0, 4), "rows written without the column");
        for (String g : growth.subList(4, 7)) {
            assertTrue(Double.isFinite(Double.parseDouble(g)), growth.toString());
        }
        assertEquals(rows.stream().skip(1).limit(4).map(r -> r.substring(0, r.lastIndexOf(',') + 1)).toList(),
                Files.readAllLines(csv).subList(1, 5), "the kept rows are unchanged but for the empty growth cell");
    }

    @Test
    void hybridRunResumedFromGenerationThreeEndsIdenticalToTheUninterruptedRun() throws Exception {
        resumeFromGenerationThree(experiment("hybrid", "\"cma-es+gradient\"\nevolution.hybrid { every = 2, steps = 2 }\n"
                + "evolution.gradient.curriculum { start = 3, increase = 1, every = 1, max = 6 }"));
    }

    @Test
    void horizonCurriculumRunResumedFromGenerationThreeEndsIdenticalAndRecordsItsHorizons() throws Exception {
        ExperimentConfig config = experiment("curriculum", "cma-es", "network.stabilizers { activation-normalization = true,"
                + " activation-normalization-statistics = support }\ninner-loop.learning-steps = 8\n"
                + "fitness { horizons = [2, 8], aggregate = min, curriculum { start = 2, growth = 2, every = 2 } }\n");
        resumeFromGenerationThree(config);
        List<String> rows = java.nio.file.Files.readAllLines(config.runDir().resolve("metrics.csv"));
        assertEquals(List.of("horizons", "2", "2", "2;4", "2;4", "2;8", "2;8", "2;8"),
                rows.stream().map(r -> r.substring(r.lastIndexOf(',') + 1)).toList());
    }

    /**
     * With rank-diverged = steps, CMA-ES ranks the genomes that crossed the synapse limit by the steps
     * they completed: generation 0 (the same samples in both runs) has more than λ/2 diverged at
     * different steps, so the recombined mean differs from the tied run's; the run resumes exactly.
     */
    @Test
    void divergedGenomesRankedByStepsMoveTheMeanAndResumeIdentically() throws Exception {
        String unstable = "inner-loop.learning-steps = 12\nfitness.synapse-limit = 10\n";
        ExperimentConfig tied = experiment("tied", "cma-es", unstable);
        ExperimentConfig steps = experiment("steps", "cma-es", unstable + "evolution.cma-es.rank-diverged = steps\n");
        run(tied);
        resumeFromGenerationThree(steps);
        Checkpoint t0 = Checkpoint.read(tied.runDir().resolve("checkpoints/checkpoint-000000.json"));
        Checkpoint s0 = Checkpoint.read(steps.runDir().resolve("checkpoints/checkpoint-000000.json"));
        List<Long> diverged = s0.last().members().stream()
                .filter(m -> m.score().status() == org.blurevolve.fitness.EvaluationStatus.DIVERGED)
                .map(m -> m.score().steps()).toList();
        assertTrue(diverged.size() > 5, "more than λ/2 = 5 diverged: " + diverged);
        assertTrue(diverged.stream().distinct().count() > 1, "at different steps: " + diverged);
        assertEquals(t0.last().members(), s0.last().members(), "generation 0 is the same in both runs");
        assertNotEquals(t0.strategy().get("mean"), s0.strategy().get("mean"), "the ranking moved the mean");

        // a checkpoint written before steps were recorded reads them as 0, everything else unchanged
        Path old = dir.resolve("old-checkpoint.json");
        com.fasterxml.jackson.databind.JsonNode json = org.blurevolve.io.JsonFiles.readTree(
                steps.runDir().resolve("checkpoints/checkpoint-000000.json"));
        for (com.fasterxml.jackson.databind.JsonNode m : json.get("population")) {
            for (com.fasterxml.jackson.databind.JsonNode t : m.get("perTask")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) t).remove("steps");
            }
        }
        org.blurevolve.io.JsonFiles.writeAtomically(old, json);
        Checkpoint read = Checkpoint.read(old);
        assertEquals(List.of(0L), read.last().members().stream().map(m -> m.score().steps()).distinct().toList());
        assertArrayEquals(s0.last().fitness(), read.last().fitness(), 0.0);
    }

    private void resumeFromGenerationThree(ExperimentConfig config) throws Exception {
        EvolutionRun.Summary whole = run(config);
        List<String> wholeMetrics = RunFolders.comparableMetrics(whole.runDir());
        List<String> wholeJson = RunFolders.comparableJsonMetrics(whole.runDir());
        String wholeBest = bestGenomeWithoutTimestamps(whole.runDir());

        Path checkpoints = whole.runDir().resolve("checkpoints");
        assertEquals(7, CheckpointStore.list(checkpoints).size(), "one checkpoint per generation 0..6");
        for (Path p : CheckpointStore.list(checkpoints)) {
            if (Checkpoint.read(p).state().generation() > 3) {
                Files.delete(p);
            }
        }
        CheckpointStore.Latest latest = CheckpointStore.latest(checkpoints);
        assertEquals(List.of(), latest.skipped());
        Checkpoint cp = latest.checkpoint();
        assertEquals(3, cp.state().generation());
        ExperimentConfig again = cp.experiment();
        assertEquals(config.resolvedText(), again.resolvedText(), "resolved text re-renders identically");
        EvolutionRun.Summary resumed;
        try (InProcessScorer s = new InProcessScorer(again.plan(), 2)) {
            resumed = new EvolutionRun(again, new PrintStream(new ByteArrayOutputStream())).resume(s, whole.runDir(), cp);
        }
        assertEquals(6, resumed.generations());
        assertArrayEquals(whole.best().genes(), resumed.best().genes());
        assertEquals(whole.evaluations(), resumed.evaluations());
        assertEquals(whole.bestFitness(), resumed.bestFitness());
        assertEquals(wholeMetrics, RunFolders.comparableMetrics(whole.runDir()), "metrics rows of generations 0..6 are identical");
        assertEquals(wholeJson, RunFolders.comparableJsonMetrics(whole.runDir()), "metrics.jsonl rows of generations 0..6 are identical");
        assertEquals(wholeBest, bestGenomeWithoutTimestamps(whole.runDir()));
    }

    @Test
    void truncatedNewestCheckpointFallsBackToThePreviousOneAndTheRunEndsIdentical() throws Exception {
        EvolutionRun.Summary whole = run(experiment("torn"));
        List<String> wholeMetrics = RunFolders.comparableMetrics(whole.runDir());
        List<String> wholeJson = RunFolders.comparableJsonMetrics(whole.runDir());
        String wholeBest = bestGenomeWithoutTimestamps(whole.runDir());

        Path checkpoints = whole.runDir().resolve("checkpoints");
        for (Path p : CheckpointStore.list(checkpoints)) {
            if (Checkpoint.read(p).state().generation() > 4) {
                Files.delete(p);
            }
        }
        Path newest = checkpoints.resolve("checkpoint-000004.json");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));

        CheckpointStore.Latest latest = CheckpointStore.latest(checkpoints);
        assertEquals(3, latest.checkpoint().state().generation(), "falls back to the checkpoint of generation 3");
        assertEquals(1, latest.skipped().size(), latest.skipped().toString());
        assertTrue(latest.skipped().get(0).contains("checkpoint-000004.json"), latest.skipped().toString());

        StringBuilder out = new StringBuilder();
        int code = cli(out, "resume", whole.runDir().toString(), "--in-process");
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("skipped a damaged checkpoint: ") && out.toString().contains("checkpoint-000004.json"),
                out.toString());
        assertEquals(wholeMetrics, RunFolders.comparableMetrics(whole.runDir()), "metrics rows of generations 0..6 are identical");
        assertEquals(wholeJson, RunFolders.comparableJsonMetrics(whole.runDir()), "metrics.jsonl rows of generations 0..6 are identical");
        assertEquals(wholeBest, bestGenomeWithoutTimestamps(whole.runDir()));
        Checkpoint last = CheckpointStore.latest(checkpoints).checkpoint();
        assertEquals(6, last.state().generation());
        assertEquals(whole.evaluations(), last.state().evaluations());
        assertArrayEquals(whole.best().genes(), last.last().best().genome().genes());
    }

    @Test
    void finishedRunExtendedWithMoreGenerationsEqualsALongerRun() throws Exception {
        ExperimentConfig shortRun = experiment("extend");
        EvolutionRun.Summary first = run(shortRun);
        assertEquals(6, first.generations());

        StringBuilder refused = new StringBuilder();
        assertEquals(2, cli(refused, "resume", first.runDir().toString(), "--in-process", "--generations", "6"),
                refused.toString());
        assertTrue(refused.toString().contains("error: --generations 6: the run already finished generation 6"),
                refused.toString());

        StringBuilder out = new StringBuilder();
        int code = cli(out, "resume", first.runDir().toString(), "--in-process", "--generations", "9");
        assertEquals(0, code, out.toString());
        Path conf = dir.resolve("long.conf");
        Files.writeString(conf, Files.readString(dir.resolve("extend.conf")).replace("name = extend", "name = long")
                .replace("termination.generations = 6", "termination.generations = 9"));
        EvolutionRun.Summary longer = run(ExperimentLoader.load(conf, List.of()));
        assertEquals(RunFolders.comparableMetrics(longer.runDir()), RunFolders.comparableMetrics(first.runDir()));
        assertEquals(RunFolders.comparableJsonMetrics(longer.runDir()), RunFolders.comparableJsonMetrics(first.runDir()));
        assertTrue(Files.readString(first.runDir().resolve("config.conf")).contains("generations=9"));
    }

    @Test
    void resumeRefusesAChangedExperimentBeyondTermination() throws Exception {
        EvolutionRun.Summary first = run(experiment("changed"));
        Checkpoint cp = CheckpointStore.latest(first.runDir().resolve("checkpoints")).checkpoint();
        ExperimentConfig other = ExperimentLoader.load(dir.resolve("changed.conf"), List.of("evolution.population=12"));
        assertNotEquals(10, other.strategy().population());
        BadInputException e = assertThrows(BadInputException.class, () -> {
            try (InProcessScorer s = new InProcessScorer(other.plan(), 1)) {
                new EvolutionRun(other, new PrintStream(new ByteArrayOutputStream())).resume(s, first.runDir(), cp);
            }
        });
        assertTrue(e.getMessage().contains("only termination may change"), e.getMessage());

        // the same through the command line: blur resume reads the run's own config.conf
        Path conf = first.runDir().resolve("config.conf");
        String text = Files.readString(conf);
        String edited = text.replace("population=10", "population=12");
        assertNotEquals(text, edited, "config.conf names the population: " + text);
        Files.writeString(conf, edited);
        List<String> metricsBefore = Files.readAllLines(first.runDir().resolve("metrics.csv"));
        StringBuilder out = new StringBuilder();
        assertEquals(2, cli(out, "resume", first.runDir().toString(), "--in-process"), out.toString());
        assertTrue(out.toString().contains("error: ") && out.toString().contains("only termination may change"),
                out.toString());
        assertTrue(!out.toString().contains("\tat "), "no stack trace: " + out);
        assertEquals(metricsBefore, Files.readAllLines(first.runDir().resolve("metrics.csv")), "the run folder is untouched");
        assertEquals(edited, Files.readString(conf));
    }

    /** {@code golden/checkpoint-v2.json}: generation 2 of a GA run (seed 5, random_xor × 2, population 10) written by format 2. */
    @Test
    void goldenVersionTwoCheckpointStillLoads() throws Exception {
        Path golden = Path.of(getClass().getResource("/golden/checkpoint-v2.json").toURI());
        Checkpoint cp = Checkpoint.read(golden);
        assertEquals(2, cp.state().generation());
        assertEquals(30, cp.state().evaluations());
        assertEquals(0.890625, cp.state().bestSoFar());
        assertEquals(1, cp.state().sinceGain());
        assertEquals(10, cp.last().members().size());
        assertEquals(20, cp.last().members().get(0).genome().genes().length);
        assertEquals(2, cp.last().members().get(0).score().perTask().size());
        assertEquals(0.828125, cp.last().best().fitness());
        assertEquals(10, cp.hallOfFame().size());
        assertEquals(0.890625, cp.hallOfFame().get(0).fitness());
        ExperimentConfig config = cp.experiment();
        assertEquals("golden.conf", config.source(), "the experiment file the run was started from");
        assertEquals(10, config.strategy().population());
        assertEquals(5, config.seeds().seed());
        assertEquals(2, config.seeds().scheme());
        assertTrue(config.resolvedText().contains("random_xor"), config.resolvedText());
        assertEquals(2, config.plan().metaTrain().size(), "random_xor, 2 draws");
    }

    @Test
    void checkpointOfAnotherFormatVersionIsRefusedWithTheWayOut() throws Exception {
        Path golden = Path.of(getClass().getResource("/golden/checkpoint-v1.json").toURI());
        BadInputException old = assertThrows(BadInputException.class, () -> Checkpoint.read(golden));
        assertTrue(old.getMessage().contains(golden + ": version = 1: this program reads checkpoint version "
                + Checkpoint.VERSION), old.getMessage());
        assertTrue(old.getMessage().contains("continue the run with the blur-evolve that wrote it"), old.getMessage());

        EvolutionRun.Summary first = run(experiment("newer"));
        Path written = CheckpointStore.list(first.runDir().resolve("checkpoints")).get(0);
        Path newer = dir.resolve("checkpoint-000009.json");
        String text = Files.readString(written);
        String bumped = text.replace("\"version\": " + Checkpoint.VERSION + ",",
                "\"version\": " + (Checkpoint.VERSION + 1) + ",");
        assertNotEquals(text, bumped, "the checkpoint states its version: " + text.substring(0, 200));
        Files.writeString(newer, bumped);
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.read(newer));
        assertTrue(e.getMessage().contains(newer + ": version = " + (Checkpoint.VERSION + 1)
                + ": this program reads checkpoint version " + Checkpoint.VERSION), e.getMessage());
    }
}
