package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.blurevolve.data.IdxFile;
import org.blurevolve.io.JsonFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * More malformed input through the real command line, by the rules of {@link BadInputTest}: genome
 * and population files, IDX data folders, run folders and checkpoints for {@code blur resume},
 * includes and {@code --set}, and the flags of every command. Each case exits with code 2 and one
 * message (under 1,000 characters) naming the file or flag and the key, shows no stack trace,
 * starts no evaluation, writes nothing into an output folder and leaves every run folder (including
 * the one being resumed) byte for byte as it was.
 */
class BadInputMoreTest {
    private static final String OK = BadInputTest.OK;
    private static final String GENES = "0.1, ".repeat(19) + "0.1";
    /** Messages printed by picocli itself (bad flag syntax): its own text and the usage, no "error:" prefix. */
    private static final int USAGE = 0;

    /** A finished run of the tiny experiment (generations 0 and 1, both checkpointed), made once and copied per case. */
    @TempDir
    static Path shared;
    private static Path source;

    @TempDir
    Path dir;

    /** Writes what a case needs into the case's folder. */
    interface Fix {
        void on(Path dir) throws Exception;
    }

    @BeforeAll
    static void finishedRun() throws Exception {
        Path conf = shared.resolve("src.conf");
        Files.writeString(conf, "blur { " + OK + ", name = src, evolution.meta-test-every = 0, output-dir = \""
                + shared.resolve("runs") + "\" }");
        BadInputTest.Outcome o = BadInputTest.cli("evolve", conf.toString(), "--in-process");
        assertEquals(0, o.code(), o.err());
        source = shared.resolve("runs/src");
        assertTrue(Files.isRegularFile(source.resolve("checkpoints/checkpoint-000001.json")), "the source run is complete");
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        // genome and population files named by evolution.initial-population.files
        genomeFile(c, "empty genome file", "", "g.json: the file is empty, expected JSON");
        genomeFile(c, "genome file of blanks", "  \n", "g.json: the file is empty, expected JSON");
        genomeFile(c, "population without genomes", pop("[]"), "g.json: genomes: the population holds no genomes");
        genomeFile(c, "population genomes as an object", pop("{\"k\": 2}"), "g.json: genomes = {\"k\":2}, expected a list of genome objects");
        genomeFile(c, "population lacking genomes", "{\"format\": \"blur-population\", \"version\": 1}", "g.json: genomes: missing, expected a list");
        genomeFile(c, "population member is a number", pop("[5]"), "g.json: genomes[0] = 5, expected a genome object");
        genomeFile(c, "population's second genome bad", pop("[{\"k\": 2, \"genes\": [" + GENES + "]}, {\"k\": 2, \"genes\": [\"x\"]}]"),
                "g.json: genomes[1].genes: gene 0 is x (a string)");
        genomeFile(c, "0 blocks", g("\"k\": 2, \"blocks\": 0, \"genes\": [" + GENES + "]"), "g.json: k/blocks/scalars: blocks = 0, must be >= 1");
        genomeFile(c, "blocks as a string", g("\"k\": 2, \"blocks\": \"1\", \"genes\": [" + GENES + "]"), "g.json: blocks = \"1\", expected an integer");
        genomeFile(c, "2 blocks for a shared experiment", g("\"k\": 2, \"blocks\": 2, \"genes\": [" + GENES + ", " + GENES + "]"),
                "g.json: genome layout 40 = 2 block(s)", "does not match this experiment's 20 = 1 block(s)");
        genomeFile(c, "scalars as a string", g("\"k\": 2, \"scalars\": \"oja\", \"genes\": [" + GENES + "]"), "g.json: scalars = \"oja\", expected a list of strings");
        genomeFile(c, "unknown scalar", g("\"k\": 2, \"scalars\": [\"bogus\"], \"genes\": [" + GENES + "]"), "g.json: scalars: unknown scalar 'bogus'");
        genomeFile(c, "scalar as a number", g("\"k\": 2, \"scalars\": [1], \"genes\": [" + GENES + "]"), "g.json: scalars[0] = 1, expected a string");
        genomeFile(c, "repeated scalar", g("\"k\": 2, \"scalars\": [\"oja\", \"oja\"], \"genes\": [" + GENES + ", 1, 1]"),
                "g.json: k/blocks/scalars: optional scalars repeat");
        genomeFile(c, "scalar the experiment lacks", g("\"k\": 2, \"scalars\": [\"oja\"], \"genes\": [" + GENES + ", 1]"),
                "g.json: genome layout 21 = 1 block(s)", "does not match this experiment's 20");
        genomeFile(c, "genes as a string", g("\"k\": 2, \"genes\": \"0.1, 0.1\""), "g.json: genes = \"0.1, 0.1\", expected a list of numbers");
        genomeFile(c, "genes missing", g("\"k\": 2"), "g.json: genes: missing, expected a list of numbers");
        genomeFile(c, "genes as an object", g("\"k\": 2, \"genes\": {\"a\": 1}"), "g.json: genes = {\"a\":1}, expected a list of numbers");
        genomeFile(c, "null gene", g("\"k\": 2, \"genes\": [" + GENES.substring(5) + ", null]"), "g.json: genes: gene 19 is null");
        genomeFile(c, "gene \"Infinity\" as a string", g("\"k\": 2, \"genes\": [" + GENES.substring(5) + ", \"Infinity\"]"),
                "g.json: genes: gene 19 is Infinity (a string)");
        genomeFile(c, "gene 1e999", g("\"k\": 2, \"genes\": [1e999, " + GENES.substring(5) + "]"), "g.json: genes: gene 0 is too large for a double");
        genomeFile(c, "bare NaN gene", g("\"k\": 2, \"genes\": [NaN, " + GENES.substring(5) + "]"), "g.json: not valid JSON (line 1, column", "'NaN'");
        genomeFile(c, "provenance as a list", g("\"k\": 2, \"genes\": [" + GENES + "], \"provenance\": [1]"), "g.json: provenance = [1], expected an object");
        genomeFile(c, "provenance value null", g("\"k\": 2, \"genes\": [" + GENES + "], \"provenance\": {\"run\": null}"), "g.json: provenance.run = null");
        genomeFile(c, "fractional k", g("\"k\": 2.5, \"genes\": [" + GENES + "]"), "g.json: k = 2.5, expected an integer");
        genomeFile(c, "k as a string", g("\"k\": \"2\", \"genes\": [" + GENES + "]"), "g.json: k = \"2\", expected an integer");
        genomeFile(c, "k = 1", g("\"k\": 1, \"genes\": [1, 1, 1, 1, 1, 1, 1, 1]"), "g.json: k/blocks/scalars: K = 1, must be >= 2");
        genomeFile(c, "k beyond int", g("\"k\": 1000000000000, \"genes\": [" + GENES + "]"), "g.json: k = 1000000000000, expected an integer");
        genomeFile(c, "version as a string", g("\"k\": 2, \"genes\": [" + GENES + "]").replace("\"version\": 1", "\"version\": \"1\""),
                "g.json: version = \"1\", expected an integer");
        genomeFile(c, "version 0", g("\"k\": 2, \"genes\": [" + GENES + "]").replace("\"version\": 1", "\"version\": 0"),
                "g.json: version = 0, this program reads versions 1..1");
        genomeFile(c, "format missing", "{\"version\": 1, \"k\": 2, \"genes\": [" + GENES + "]}", "g.json: format: missing, expected a string");
        genomeFile(c, "format as a number", "{\"format\": 5, \"version\": 1, \"k\": 2, \"genes\": [" + GENES + "]}", "g.json: format = 5, expected a string");
        genomeFile(c, "version missing", "{\"format\": \"blur-genome\", \"k\": 2, \"genes\": [" + GENES + "]}", "g.json: version: missing, expected an integer");
        genomeFile(c, "bare gene list", "[" + GENES + "]", "g.json: (top level) = [0.1,", "expected a JSON object");
        genomeFile(c, "population format on a genome", g("\"k\": 2, \"genes\": [" + GENES + "]").replace("blur-genome", "blur-population"),
                "g.json: genomes: missing");
        genomeFile(c, "text after the JSON", g("\"k\": 2, \"genes\": [" + GENES + "]") + " x", "g.json: not valid JSON (line 1, column", "'x'");
        genomeFile(c, "JSON with a comment", "// best\n" + g("\"k\": 2, \"genes\": [" + GENES + "]"), "g.json: not valid JSON (line 1, column 1");
        c.add(evolve("shared genome for a per-layer experiment", "genome.per-layer = true, evolution.initial-population.files = [ok.json]",
                d -> { }, 1, "ok.json: genome layout 20 = 1 block(s)", "this experiment's 40 = 2 block(s)"));
        c.add(evolve("two bad genome files", "evolution.initial-population.files = [g.json, k1.json]", d -> {
            Files.writeString(d.resolve("g.json"), "");
            Files.writeString(d.resolve("k1.json"), g("\"k\": 1, \"genes\": [1, 1, 1, 1, 1, 1, 1, 1]"));
        }, 2, "g.json: the file is empty", "k1.json: k/blocks/scalars: K = 1"));

        // IDX data folders named by a task's path (4×4 images, labels 0 and 1)
        c.add(evolve("data folder missing", "tasks.meta-train = [{dataset = mnist, side = 4, path = d}]", d -> { }, 1,
                "DIR/d: dataset folder not found"));
        c.add(evolve("data path is a file", "tasks.meta-train = [{dataset = mnist, side = 4, path = a-file}]", d -> { }, 1,
                "DIR/a-file: dataset folder not found"));
        data(c, "t10k labels missing", d -> Files.delete(d.resolve("t10k-labels-idx1-ubyte")), "DIR/d: missing t10k-labels-idx1-ubyte");
        data(c, "fewer labels than images", d -> new IdxFile(new int[] {5}, new byte[5]).write(d.resolve("train-labels-idx1-ubyte")),
                "d/train-labels-idx1-ubyte: 5 labels but", "has 12 images");
        data(c, "image file with 2 dimensions", d -> new IdxFile(new int[] {12, 16}, new byte[192]).write(d.resolve("train-images-idx3-ubyte")),
                "d/train-images-idx3-ubyte: image IDX must have 3 dimensions (count, rows, cols), has 2");
        data(c, "IDX file of 2 bytes", d -> Files.write(d.resolve("train-images-idx3-ubyte"), new byte[] {0, 0}),
                "d/train-images-idx3-ubyte: only 2 bytes, too short for an IDX header");
        data(c, "IDX header cut in the dimensions", d -> Files.write(d.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 12}),
                "d/train-images-idx3-ubyte: IDX header declares 3 dimensions but the file has 8 bytes");
        data(c, ".gz file that is not gzip", d -> Files.writeString(d.resolve("train-images-idx3-ubyte.gz"), "not gzip"),
                "d/train-images-idx3-ubyte.gz: cannot read (Not in GZIP format)");
        data(c, "IDX file with trailing bytes", d -> Files.write(d.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 6,
                0, 1, 0, 1, 0, 1, 9, 9}), "d/t10k-labels-idx1-ubyte: IDX dimensions [6] need 6 data bytes but the file has 8 (trailing bytes)");
        data(c, "IDX of 0 dimensions", d -> Files.write(d.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 0}),
                "d/train-images-idx3-ubyte: IDX header declares 0 dimensions");
        data(c, "negative IDX dimension", d -> patch(d.resolve("train-images-idx3-ubyte"), 8, new byte[] {-1, -1, -1, -4}),
                "d/train-images-idx3-ubyte: IDX dimension 1 is negative (-4)");
        data(c, "IDX of floats (magic 0x0d)", d -> patch(d.resolve("train-images-idx3-ubyte"), 2, new byte[] {0x0d}),
                "d/train-images-idx3-ubyte: bad IDX magic number 00 00 0d 03");
        data(c, "0×0 images", d -> idx(d, 12, 0, 0), "exp.conf: ", "side = 4");
        data(c, "image side above the data's", d -> idx(d, 12, 2, 2), "exp.conf: ", "side = 4");
        data(c, "no images of the classes", d -> {
            byte[] fives = new byte[12];
            Arrays.fill(fives, (byte) 5);
            new IdxFile(new int[] {12}, fives).write(d.resolve("train-labels-idx1-ubyte"));
        }, "exp.conf: ", "no images of classes [0, 1]");
        c.add(evolve("meta-test data folder missing", "tasks.meta-test = [{dataset = mnist, side = 4, path = d}]", d -> { }, 1,
                "DIR/d: dataset folder not found"));

        // run folders and checkpoints for blur resume (runs/r, a copy of a finished 2-generation run)
        resume(c, "run folder without config.conf", r -> Files.delete(r.resolve("config.conf")), "runs/r: no config.conf; is this a run folder?");
        resume(c, "run folder without checkpoints", r -> deleteTree(r.resolve("checkpoints")), "runs/r/checkpoints: no checkpoint to resume from");
        resume(c, "empty checkpoints folder", r -> {
            onlyNewest(r);
            Files.delete(r.resolve("checkpoints/checkpoint-000001.json"));
        }, "runs/r/checkpoints: no checkpoint to resume from");
        resume(c, "checkpoints is a file", r -> {
            deleteTree(r.resolve("checkpoints"));
            Files.writeString(r.resolve("checkpoints"), "x");
        }, "runs/r/checkpoints: no checkpoint to resume from");
        checkpoint(c, "generation as a string", j -> j.put("generation", "1"), "checkpoint-000001.json: generation = \"1\": expected a whole number");
        checkpoint(c, "fractional generation", j -> j.put("generation", 1.5), "checkpoint-000001.json: generation = 1.5: expected a whole number");
        checkpoint(c, "population as an object", j -> j.putObject("population"), "checkpoint-000001.json: population = {}: expected a list");
        checkpoint(c, "gene as a string", j -> ((ObjectNode) j.get("population").get(0)).putArray("genes").add("x"),
                "checkpoint-000001.json: genes = \"x\": expected numbers");
        checkpoint(c, "unknown evaluation status", j -> ((ObjectNode) j.get("population").get(0).get("perTask").get(0)).put("status", "BOGUS"),
                "checkpoint-000001.json: status = \"BOGUS\": expected one of [OK, ");
        checkpoint(c, "negative steps", j -> ((ObjectNode) j.get("population").get(0).get("perTask").get(0)).put("steps", -1),
                "checkpoint-000001.json: steps = -1: expected a whole number >= 0");
        checkpoint(c, "fractional steps", j -> ((ObjectNode) j.get("population").get(0).get("perTask").get(0)).put("steps", 2.5),
                "checkpoint-000001.json: steps = 2.5: expected a whole number");
        checkpoint(c, "experiment missing", j -> j.remove("experiment"), "checkpoint-000001.json: experiment is missing; the checkpoint is incomplete");
        checkpoint(c, "stored experiment invalid", j -> ((ObjectNode) j.get("experiment").get("blur").get("evolution")).put("population", 1),
                "checkpoint-000001.json (stored experiment): evolution.population = 1: must be in 2..");
        checkpoint(c, "hall-of-fame genome of 3 genes", j -> ((ObjectNode) j.get("hallOfFame").get(0)).putArray("genes").add(1).add(2).add(3),
                "checkpoint-000001.json: genes: genome has 3 genes, expected 20");
        checkpoint(c, "checkpoint of another format", j -> j.put("format", "blur-genome"),
                "checkpoint-000001.json: format = \"blur-genome\": expected \"blur-checkpoint\"");
        checkpoint(c, "bestSoFar as a string", j -> j.put("bestSoFar", "high"), "checkpoint-000001.json: bestSoFar = \"high\": expected a number or null");
        checkpoint(c, "fractional sinceGain", j -> j.put("sinceGain", 1.5), "checkpoint-000001.json: sinceGain = 1.5: expected a whole number");
        checkpoint(c, "elapsedSeconds as a string", j -> j.put("elapsedSeconds", "soon"), "checkpoint-000001.json: elapsedSeconds = \"soon\": expected a number");
        checkpoint(c, "experimentFile as a number", j -> j.put("experimentFile", 7), "checkpoint-000001.json: experimentFile = 7: expected a string");
        resume(c, "truncated checkpoint", r -> {
            onlyNewest(r);
            Path cp = r.resolve("checkpoints/checkpoint-000001.json");
            Files.writeString(cp, Files.readString(cp).substring(0, 300));
        }, "checkpoint-000001.json: not a readable checkpoint (not valid JSON (line ");
        resume(c, "checkpoint that is a JSON list", r -> {
            onlyNewest(r);
            Files.writeString(r.resolve("checkpoints/checkpoint-000001.json"), "[1, 2]");
        }, "checkpoint-000001.json: format is missing; the checkpoint is incomplete");
        resume(c, "empty checkpoint", r -> {
            onlyNewest(r);
            Files.writeString(r.resolve("checkpoints/checkpoint-000001.json"), "");
        }, "checkpoint-000001.json: not a readable checkpoint (the file is empty, expected JSON)");
        resume(c, "metrics.csv missing", r -> Files.delete(r.resolve("metrics.csv")), "runs/r: metrics.csv or metrics.jsonl is missing");
        resume(c, "metrics.jsonl missing", r -> Files.delete(r.resolve("metrics.jsonl")), "runs/r: metrics.csv or metrics.jsonl is missing");
        resume(c, "torn last metrics row", r -> {
            String csv = Files.readString(r.resolve("metrics.csv")).strip();
            Files.writeString(r.resolve("metrics.csv"), csv.substring(0, csv.length() - 40));
        }, "runs/r/metrics.csv: holds 1 complete rows up to generation 1, expected 2");
        resume(c, "metrics.csv of the header only", r -> Files.writeString(r.resolve("metrics.csv"),
                Files.readAllLines(r.resolve("metrics.csv")).get(0) + "\n"), "runs/r/metrics.csv: holds 0 complete rows up to generation 1, expected 2");
        resume(c, "config.conf population edited", r -> edit(r.resolve("config.conf"), "population=4", "population=6"),
                "runs/r: the checkpoint was written for a different experiment");
        resume(c, "config.conf seed edited", r -> edit(r.resolve("config.conf"), "seed=1", "seed=2"),
                "runs/r: the checkpoint was written for a different experiment");
        resume(c, "config.conf with a syntax error", r -> Files.writeString(r.resolve("config.conf"), "\nblur { oops\n",
                java.nio.file.StandardOpenOption.APPEND), "runs/r/config.conf: ", "(fix the HOCON syntax)");
        resume(c, "config.conf with an unknown key", r -> Files.writeString(r.resolve("config.conf"), "\nblur.evolution.populaton = 3\n",
                java.nio.file.StandardOpenOption.APPEND), "runs/r/config.conf: evolution.populaton: unknown key");
        resume(c, "empty config.conf", r -> Files.writeString(r.resolve("config.conf"), ""), "runs/r/config.conf: the experiment file sets nothing");
        resume(c, "config.conf is a folder", r -> {
            Files.delete(r.resolve("config.conf"));
            Files.createDirectory(r.resolve("config.conf"));
        }, "runs/r: no config.conf; is this a run folder?");
        c.add(command("--generations equal to the finished generation", r -> copyRun(r), 1,
                List.of("resume", "DIR/runs/r", "--in-process", "--generations", "1"), "--generations 1: the run already finished generation 1"));
        c.add(command("--generations 0", r -> copyRun(r), 1, List.of("resume", "DIR/runs/r", "--in-process", "--generations", "0"),
                "--generations 0: the run already finished generation 1"));
        c.add(command("--generations -3", r -> copyRun(r), 1, List.of("resume", "DIR/runs/r", "--in-process", "--generations", "-3"),
                "--generations -3: the run already finished generation 1"));
        c.add(command("--generations abc", r -> copyRun(r), USAGE, List.of("resume", "DIR/runs/r", "--in-process", "--generations", "abc"),
                "Invalid value for option '--generations': 'abc' is not an int"));
        c.add(command("resume a missing folder", d -> { }, 1, List.of("resume", "DIR/runs/nope", "--in-process"), "runs/nope: no config.conf"));
        c.add(command("resume a file", d -> { }, 1, List.of("resume", "DIR/a-file", "--in-process"), "a-file: no config.conf"));

        // blur eval
        eval(c, "eval --steps 0", List.of("--steps", "0"), "--steps [0]: every step count must be in 1..1000000");
        eval(c, "eval --steps 2,-5", List.of("--steps", "2,-5"), "--steps [2, -5]: every step count must be in 1..1000000");
        eval(c, "eval --query-batch 7", List.of("--query-batch", "7"), "--query-batch 7: must divide the");
        eval(c, "eval --query-batch 0", List.of("--query-batch", "0"), "--query-batch 0: must divide the");
        eval(c, "eval --baseline-steps 0", List.of("--baseline-steps", "0"), "--baseline-steps [0]: every step count must be in 1..1000000");
        eval(c, "eval --split train", List.of("--split", "train"), "--split train: use test or validation");
        eval(c, "eval --replicas 0", List.of("--replicas", "0"), "--replicas 0: must be >= 1");
        eval(c, "eval --replicas -1", List.of("--replicas", "-1"), "--replicas -1: must be >= 1");
        eval(c, "eval --task mnist:99", List.of("--task", "mnist:99"), "--task mnist:99: task.side = \"99\": must be in 1..28");
        eval(c, "eval --task mnist:abc", List.of("--task", "mnist:abc"), "--task mnist:abc: task.side = \"abc\": expected a whole number");
        eval(c, "eval --task nosuch", List.of("--task", "nosuch"), "--task nosuch: task: family = nosuch: unknown");
        eval(c, "eval --task a:b:c", List.of("--task", "a:b:c"), "--task a:b:c: task: family = a:b:c: unknown");
        eval(c, "eval --task of nothing", List.of("--task", ""), "--task : task: family = : unknown");
        eval(c, "eval --out a file", List.of("--out", "DIR/a-file"), "--out DIR/a-file: is a file; give a folder");
        eval(c, "eval genome file missing", List.of("--genome", "DIR/gone.json"), "DIR/gone.json: file not found");
        eval(c, "eval genome file is a folder", List.of("--genome", "DIR/runs"), "DIR/runs: Is a directory");
        eval(c, "eval genome of another layout", List.of("--genome", "DIR/k4.json"), "DIR/k4.json: genome layout 68 = 1 block(s)",
                "does not match the experiment's 20");
        eval(c, "eval empty population file", List.of("--genome", "DIR/pop0.json"), "DIR/pop0.json: genomes: the population holds no genomes");
        eval(c, "eval --set without =", List.of("--set", "x"), "--set x: expected key=value");
        c.add(command("eval without --genome", d -> { }, USAGE, List.of("eval", "CONF", "--task", "xor", "--out", "DIR/out"),
                "Missing required option: '--genome=<genome>'"));
        c.add(command("eval of a bad experiment", "blur { " + OK + ", network.k = 1 }", d -> { }, 1,
                List.of("eval", "CONF", "--genome", "DIR/ok.json", "--task", "xor", "--out", "DIR/out"), "exp.conf: network.k = 1: must be in 2..64"));
        c.add(command("eval of a missing experiment", d -> { }, 1, List.of("eval", "DIR/none.conf", "--genome", "DIR/ok.json", "--task", "xor",
                "--out", "DIR/out"), "DIR/none.conf: experiment file not found"));
        c.add(command("eval data folder missing", "blur { " + OK + ", data-root = \"DIR/nowhere\" }", d -> { }, 1,
                List.of("eval", "CONF", "--genome", "DIR/ok.json", "--task", "mnist:4", "--out", "DIR/out"), "DIR/nowhere/mnist: dataset folder not found"));

        // blur trace
        trace(c, "trace --task 99", List.of("--task", "99"), "--task 99: the experiment has 1 meta-train tasks (0..0)");
        trace(c, "trace --task -1", List.of("--task", "-1"), "--task -1: the experiment has 1 meta-train tasks (0..0)");
        trace(c, "trace --steps 0", List.of("--steps", "0"), "--steps 0: must be >= 1");
        trace(c, "trace --steps -4", List.of("--steps", "-4"), "--steps -4: must be >= 1");
        trace(c, "trace empty population file", List.of("--genome", "DIR/pop0.json"), "DIR/pop0.json: genomes: the population holds no genomes");
        trace(c, "trace empty genome file", List.of("--genome", "DIR/empty.json"), "DIR/empty.json: the file is empty, expected JSON");
        trace(c, "trace --out a file", List.of("--out", "DIR/a-file"), "--out DIR/a-file: is a file; give a folder");
        trace(c, "trace genome file missing", List.of("--genome", "DIR/gone.json"), "DIR/gone.json: file not found");
        trace(c, "trace genome of another layout", List.of("--genome", "DIR/k4.json"), "DIR/k4.json: genome layout 68 = 1 block(s)");
        c.add(command("trace --task abc", d -> { }, USAGE, List.of("trace", "CONF", "--genome", "DIR/ok.json", "--task", "abc", "--out", "DIR/out"),
                "Invalid value for option '--task': 'abc' is not an int"));
        c.add(command("trace without --out", d -> { }, USAGE, List.of("trace", "CONF", "--genome", "DIR/ok.json"),
                "Missing required option: '--out=<out>'"));
        c.add(command("trace data folder missing", "blur { " + OK + ", tasks.meta-train = [{dataset = mnist, side = 4, path = d}] }", d -> { }, 1,
                List.of("trace", "CONF", "--genome", "DIR/ok.json", "--out", "DIR/out"), "DIR/d: dataset folder not found"));

        // blur bench-spark
        c.add(command("bench-spark of a bad experiment", "blur { " + OK + ", evolution.population = 1 }", d -> { }, 1,
                List.of("bench-spark", "CONF"), "exp.conf: evolution.population = 1: must be in 2.."));
        c.add(command("bench-spark of a missing experiment", d -> { }, 1, List.of("bench-spark", "DIR/none.conf"),
                "DIR/none.conf: experiment file not found"));
        c.add(command("bench-spark of a HOCON syntax error", "blur { " + OK, d -> { }, 1, List.of("bench-spark", "CONF"),
                "exp.conf: ", "(fix the HOCON syntax)"));
        c.add(command("bench-spark data folder missing", "blur { " + OK + ", tasks.meta-train = [{dataset = mnist, side = 4, path = d}] }",
                d -> { }, 1, List.of("bench-spark", "CONF", "--population", "2", "--generations", "1"), "DIR/d: dataset folder not found"));

        // blur evolve: flags, --set, includes
        c.add(command("unknown option", d -> { }, USAGE, List.of("evolve", "CONF", "--in-process", "--bogus"), "Unknown option: '--bogus'"));
        c.add(command("--set without a value", d -> { }, USAGE, List.of("evolve", "CONF", "--in-process", "--set"),
                "Missing required parameter for option '--set'"));
        c.add(command("experiment file is a folder", d -> { }, 1, List.of("evolve", "DIR/runs", "--in-process"), "DIR/runs: experiment file not found"));
        set(c, "--set without a key", "=5", "--set =5: expected key=value");
        set(c, "--set without a value after =", "evolution.population=", "--set evolution.population=: ");
        set(c, "--set with a HOCON syntax error", "network.hidden=[4", "--set network.hidden=[4: ");
        set(c, "--set including a missing file", "network={include \"missing.conf\"}", "--set network={include \"missing.conf\"}: include \"missing.conf\": no such file");
        include(c, "include of a missing file", "include \"missing.conf\"", "exp.conf: include \"missing.conf\": no such file beside the including file");
        include(c, "include required(...) of a missing file", "include required(\"missing.conf\")", "exp.conf: include \"missing.conf\": no such file");
        include(c, "include inside blur { }", "blur { include \"missing.conf\" }", "exp.conf: include \"missing.conf\": no such file");
        include(c, "include cycle", "include \"cycle-a.conf\"", "exp.conf: ", "cycle-a.conf: include statements nested more than 50 times");
        include(c, "file that includes itself", "include \"self.conf\"", "exp.conf: ", "self.conf: include statements nested more than 50 times");
        include(c, "include classpath(...)", "include classpath(\"reference.conf\")", "exp.conf: include classpath(\"reference.conf\") is refused");
        include(c, "include url(file:...)", "include url(\"file:///etc/hostname\")", "exp.conf: include url(\"file:/etc/hostname\") is refused");
        include(c, "include required(url(...))", "include required(url(\"file:///etc/hostname\"))", "exp.conf: include url(\"file:/etc/hostname\") is refused");
        include(c, "included file with a syntax error", "include \"inc-syntax.conf\"", "exp.conf: ", "inc-syntax.conf: 2: ");
        include(c, "include of a folder", "include \"runs\"", "exp.conf: ", "runs (Is a directory)");
        include(c, "include file(...) of a missing file", "include file(\"missing.conf\")", "exp.conf: ", "missing.conf");
        // cases that were wrong before the fixes of the review commit
        c.add(command("resume --master bogus://x", r -> copyRun(r), 1, List.of("resume", "DIR/runs/r", "--master", "bogus://x",
                "--generations", "2"), "--master bogus://x"));
        eval(c, "eval a bad second --task", List.of("--task", "xor", "--task", "nosuch", "--steps", "2", "--replicas", "1", "--no-baselines"),
                "--task nosuch: task: family = nosuch: unknown");
        eval(c, "eval --out inside a file", List.of("--steps", "2", "--replicas", "1", "--no-baselines", "--out", "DIR/a-file/sub"),
                "--out DIR/a-file/sub");
        trace(c, "trace --out inside a file", List.of("--out", "DIR/a-file/sub"), "--out DIR/a-file/sub");
        c.add(command("data fetch --dataset nosuch", d -> { }, 1, List.of("data", "fetch", "--dataset", "nosuch", "--root", "DIR/data"),
                "--dataset nosuch"));
        c.add(command("data fetch --dataset of nothing", d -> { }, 1, List.of("data", "fetch", "--dataset", "", "--root", "DIR/data"),
                "--dataset"));
        c.add(command("bench-spark --population 0", d -> { }, 1, List.of("bench-spark", "CONF", "--population", "0", "--generations", "1"),
                "--population 0"));
        c.add(command("bench-spark --generations 0", d -> { }, 1, List.of("bench-spark", "CONF", "--population", "2", "--generations", "0"),
                "--generations 0"));
        c.add(command("bench-spark --warmup-jobs -1", d -> { }, 1,
                List.of("bench-spark", "CONF", "--population", "2", "--generations", "1", "--warmup-jobs", "-1"),
                "--warmup-jobs -1"));
        c.add(command("--master bogus://x", d -> { }, 1, List.of("evolve", "CONF", "--master", "bogus://x"), "--master bogus://x"));
        c.add(command("--master local[0]", d -> { }, 1, List.of("evolve", "CONF", "--master", "local[0]"), "--master local[0]"));
        c.add(command("default master bogus://x", "blur { " + OK + ", spark.default-master = \"bogus://x\" }", d -> { }, 1,
                List.of("evolve", "CONF"), "bogus://x"));
        set(c, "--set of an unknown key", "evolution.populaton=8", "--set evolution.populaton=8");
        set(c, "--set out of range", "evolution.population=0", "--set evolution.population=0");
        include(c, "include file(...) of a file beside it with an unknown key", "include file(\"inc-unknown.conf\")",
                "inc-unknown.conf", "evolution.populaton: unknown key");
        include(c, "included file with an unknown key", "include \"inc-unknown.conf\"", "inc-unknown.conf", "evolution.populaton: unknown key");
        checkpoint(c, "strategy state as a list", j -> j.putArray("strategy").add(1), "checkpoint-000001.json: strategy = [1]");
        resume(c, "metrics.jsonl one row short", r -> Files.writeString(r.resolve("metrics.jsonl"),
                Files.readAllLines(r.resolve("metrics.jsonl")).get(0) + "\n"), "runs/r/metrics.jsonl");
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refused(String name, String conf, Fix fix, List<String> args, int messages, List<String> expected) throws Exception {
        BadInputTest.writePrevRun(dir);
        Files.writeString(dir.resolve("a-file"), "not a folder");
        Files.writeString(dir.resolve("ok.json"), g("\"k\": 2, \"genes\": [" + GENES + "]"));
        Files.writeString(dir.resolve("k4.json"), g("\"k\": 4, \"genes\": [" + "0.1, ".repeat(67) + "0.1]"));
        Files.writeString(dir.resolve("pop0.json"), pop("[]"));
        Files.writeString(dir.resolve("empty.json"), "");
        Files.writeString(dir.resolve("cycle-a.conf"), "include \"cycle-b.conf\"\nblur.seed = 2\n");
        Files.writeString(dir.resolve("cycle-b.conf"), "include \"cycle-a.conf\"\n");
        Files.writeString(dir.resolve("self.conf"), "include \"self.conf\"\nblur.seed = 2\n");
        Files.writeString(dir.resolve("inc-syntax.conf"), "blur { seed =\n");
        Files.writeString(dir.resolve("inc-unknown.conf"), "blur.evolution.populaton = 8\n");
        Files.writeString(dir.resolve("exp.conf"), conf.replace("DIR", dir.toString()) + "\nblur.output-dir = \"" + dir.resolve("runs") + "\"\n");
        fix.on(dir);
        Map<String, String> before = BadInputTest.snapshot(dir.resolve("runs"));
        String[] argv = args.stream().map(a -> a.replace("CONF", dir.resolve("exp.conf").toString()).replace("DIR", dir.toString()))
                .toArray(String[]::new);
        BadInputTest.Outcome o = BadInputTest.cli(argv);
        BadInputTest.assertRefused(name, o, messages, expected.stream().map(e -> e.replace("DIR", dir.toString())).toArray(String[]::new));
        if (messages > 0) {
            for (String message : o.err().split("(^|\n)error: ")) {
                assertTrue(message.length() < 1000, name + ": a message of " + message.length() + " characters: " + message);
            }
        }
        assertEquals(before, BadInputTest.snapshot(dir.resolve("runs")), name + ": a run folder changed (or a new one appeared)");
        Path out = dir.resolve("out");
        assertTrue(!Files.exists(out) || BadInputTest.snapshot(out).size() == 1, name + ": output written to " + out);
    }

    // ---- case builders -------------------------------------------------------------------------

    private static Arguments command(String name, String conf, Fix fix, int messages, List<String> args, String... expected) {
        return Arguments.of(name, conf, fix, args, messages, List.of(expected));
    }

    private static Arguments command(String name, Fix fix, int messages, List<String> args, String... expected) {
        return command(name, "blur { " + OK + " }", fix, messages, args, expected);
    }

    /** {@code blur evolve --in-process} of the tiny experiment with {@code setting} added. */
    private static Arguments evolve(String name, String setting, Fix fix, int messages, String... expected) {
        return command(name, "blur { " + OK + ", " + setting + " }", fix, messages, List.of("evolve", "CONF", "--in-process"), expected);
    }

    /** An experiment starting from the genome or population file g.json holding {@code json}. */
    private static void genomeFile(List<Arguments> c, String name, String json, String... expected) {
        c.add(evolve(name, "evolution.initial-population.files = [g.json]", d -> Files.writeString(d.resolve("g.json"), json), 1, expected));
    }

    /** An experiment on the IDX folder d (12 train and 6 test images of 4×4, labels 0 and 1), spoilt by {@code spoil}. */
    private static void data(List<Arguments> c, String name, Fix spoil, String... expected) {
        c.add(evolve(name, "tasks.meta-train = [{dataset = mnist, side = 4, classes = [0, 1], path = d}]", d -> {
            idx(d.resolve("d"), 12, 4, 4);
            spoil.on(d.resolve("d"));
        }, 1, expected));
    }

    /** {@code blur resume} of runs/r, a copy of the finished run changed by {@code change}. */
    private static void resume(List<Arguments> c, String name, Fix change, String... expected) {
        c.add(command(name, d -> change.on(copyRun(d)), 1, List.of("resume", "DIR/runs/r", "--in-process"), expected));
    }

    /** {@code blur resume} of a run whose only checkpoint (generation 1) has one field changed. */
    private static void checkpoint(List<Arguments> c, String name, Consumer<ObjectNode> change, String... expected) {
        resume(c, name, r -> {
            onlyNewest(r);
            Path file = r.resolve("checkpoints/checkpoint-000001.json");
            ObjectNode json = (ObjectNode) JsonFiles.readTree(file);
            change.accept(json);
            JsonFiles.writeAtomically(file, json);
        }, expected);
    }

    private static void eval(List<Arguments> c, String name, List<String> flags, String... expected) {
        List<String> args = new ArrayList<>(List.of("eval", "CONF"));
        args.addAll(flags);
        for (String[] d : new String[][] {{"--genome", "DIR/ok.json"}, {"--task", "xor"}, {"--out", "DIR/out"}}) {
            if (!flags.contains(d[0])) {
                args.addAll(List.of(d));
            }
        }
        c.add(command(name, f -> { }, 1, args, expected));
    }

    private static void trace(List<Arguments> c, String name, List<String> flags, String... expected) {
        List<String> args = new ArrayList<>(List.of("trace", "CONF"));
        args.addAll(flags);
        for (String[] d : new String[][] {{"--genome", "DIR/ok.json"}, {"--out", "DIR/out"}}) {
            if (!flags.contains(d[0])) {
                args.addAll(List.of(d));
            }
        }
        c.add(command(name, f -> { }, 1, args, expected));
    }

    private static void set(List<Arguments> c, String name, String value, String... expected) {
        c.add(command(name, f -> { }, 1, List.of("evolve", "CONF", "--in-process", "--set", value), expected));
    }

    /** An experiment file holding {@code line} before the tiny experiment. */
    private static void include(List<Arguments> c, String name, String line, String... expected) {
        c.add(command(name, line + "\nblur { " + OK + " }", f -> { }, 1, List.of("evolve", "CONF", "--in-process"), expected));
    }

    // ---- fixtures ------------------------------------------------------------------------------

    private static String g(String fields) {
        return BadInputTest.genome(fields);
    }

    private static String pop(String genomes) {
        return "{\"format\": \"blur-population\", \"version\": 1, \"genomes\": " + genomes + "}";
    }

    /** The four IDX files of a dataset folder: {@code n} train and n/2 test images of rows×cols, labels alternating 0, 1. */
    private static void idx(Path folder, int n, int rows, int cols) throws Exception {
        Files.createDirectories(folder);
        for (String split : List.of("train", "t10k")) {
            int count = split.equals("train") ? n : n / 2;
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                labels[i] = (byte) (i % 2);
            }
            new IdxFile(new int[] {count, rows, cols}, new byte[count * rows * cols]).write(folder.resolve(split + "-images-idx3-ubyte"));
            new IdxFile(new int[] {count}, labels).write(folder.resolve(split + "-labels-idx1-ubyte"));
        }
    }

    private static void patch(Path file, int at, byte[] bytes) throws Exception {
        byte[] raw = Files.readAllBytes(file);
        System.arraycopy(bytes, 0, raw, at, bytes.length);
        Files.write(file, raw);
    }

    /** Copies the finished run to runs/r and returns it. */
    private static Path copyRun(Path dir) throws Exception {
        Path r = dir.resolve("runs/r");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = r.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return r;
    }

    /** Leaves only the newest checkpoint, so that resume cannot fall back to an older one. */
    private static void onlyNewest(Path run) throws Exception {
        Files.deleteIfExists(run.resolve("checkpoints/checkpoint-000000.json"));
    }

    private static void edit(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " holds " + from);
        Files.writeString(file, text.replace(from, to));
    }

    private static void deleteTree(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
