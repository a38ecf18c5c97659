package org.blurevolve.driver;

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
import java.util.TreeMap;
import java.util.stream.Stream;
import org.blurevolve.data.IdxFile;
import org.blurevolve.driver.cli.BlurCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input of every kind through the real command line: each case exits with code 2,
 * prints one clear message that names the file and the key (or what is wrong with the file), shows
 * no stack trace, and leaves an existing run folder byte for byte as it was.
 */
class BadInputTest {
    private static final String OK = "name = t, seed = 1, network.hidden = [4], "
            + "inner-loop { learning-steps = 2, query-batches = 1, batch = 8 }, evolution.population = 4, "
            + "termination.generations = 1";
    private static Path dir;

    @BeforeEach
    void folders(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        dir = temp;
        Path prev = dir.resolve("runs/prev");
        Files.createDirectories(prev.resolve("checkpoints"));
        Files.writeString(prev.resolve("metrics.csv"), "generation\n0\n");
        Files.writeString(prev.resolve("config.conf"), "blur {}\n");
        Files.writeString(prev.resolve("checkpoints/checkpoint-000003.json"),
                "{\"format\": \"blur-checkpoint\", \"version\": 9, \"createdBy\": \"blur-evolve 9.0\"}");
        Files.writeString(dir.resolve("a-file"), "not a folder");
        Files.writeString(dir.resolve("short.json"), genome("\"k\": 2, \"genes\": [1, 2, 3]"));
        Files.writeString(dir.resolve("nan.json"), genome("\"k\": 2, \"genes\": [" + "0.5, ".repeat(19) + "\"NaN\"]"));
        Files.writeString(dir.resolve("v7.json"), genome("\"k\": 2, \"genes\": []").replace("\"version\": 1", "\"version\": 7"));
        Files.writeString(dir.resolve("fmt.json"), genome("\"k\": 2, \"genes\": []").replace("blur-genome", "onnx"));
        Files.writeString(dir.resolve("k4.json"), genome("\"k\": 4, \"genes\": [" + "0.1, ".repeat(67) + "0.1]"));
        Files.writeString(dir.resolve("broken.json"), "{\"format\": \"blur-genome\", \"version\": 1, \"k\": ");
        Files.writeString(dir.resolve("nok.json"), genome("\"genes\": [1]"));
        Path idx = dir.resolve("trunc");
        Files.createDirectories(idx);
        new IdxFile(new int[] {4, 28, 28}, new byte[4 * 784]).write(idx.resolve("train-images-idx3-ubyte"));
        new IdxFile(new int[] {4}, new byte[4]).write(idx.resolve("train-labels-idx1-ubyte"));
        new IdxFile(new int[] {2, 28, 28}, new byte[2 * 784]).write(idx.resolve("t10k-images-idx3-ubyte"));
        new IdxFile(new int[] {2}, new byte[2]).write(idx.resolve("t10k-labels-idx1-ubyte"));
        byte[] raw = Files.readAllBytes(idx.resolve("train-images-idx3-ubyte"));
        Files.write(idx.resolve("train-images-idx3-ubyte"), java.util.Arrays.copyOf(raw, raw.length - 100));
        Path badMagic = dir.resolve("magic");
        Files.createDirectories(badMagic);
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            Files.write(badMagic.resolve(f), new byte[] {8, 0, 0, 1, 0, 0, 0, 0});
        }
    }

    private static String genome(String fields) {
        return "{\"format\": \"blur-genome\", \"version\": 1, " + fields + "}";
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        add(c, "HOCON syntax error", "blur { " + OK, "fix the HOCON syntax");
        add(c, "unknown key", "blur { " + OK + ", evolution.populaton = 8 }", "evolution.populaton: unknown key");
        add(c, "unknown top-level key", "blur { " + OK + " }, seed = 3", "seed: unknown top-level key");
        add(c, "population is text", "blur { " + OK + ", evolution.population = lots }", "evolution.population = \"lots\": expected a whole number");
        add(c, "population 0", "blur { " + OK + ", evolution.population = 0 }", "evolution.population = 0: must be in 2..");
        add(c, "population 1", "blur { " + OK + ", evolution.population = 1 }", "evolution.population = 1: must be in 2..");
        add(c, "negative batch", "blur { " + OK + ", inner-loop.batch = -8 }", "inner-loop.batch = -8: must be in 1..");
        add(c, "K = 1", "blur { " + OK + ", network.k = 1 }", "network.k = 1: must be in 2..64");
        add(c, "hidden size 0", "blur { " + OK + ", network.hidden = [0] }", "network.hidden = [0]: every entry must be a whole number in 1..");
        add(c, "bad backward mode", "blur { " + OK + ", network.backward-mode = up }", "network.backward-mode = \"up\": use one of [additive, multiplicative, mult_second_state]");
        add(c, "bad activation", "blur { " + OK + ", network.output-activation = gelu }", "network.output-activation = \"gelu\"");
        add(c, "activation list length", "blur { " + OK + ", network.backward-activation = [tanh, tanh, tanh] }", "exactly K = 2");
        add(c, "bad precision", "blur { " + OK + ", inner-loop.precision = half }", "inner-loop.precision = \"half\": use one of [float, double]");
        add(c, "bad metric", "blur { " + OK + ", fitness.metric = f1 }", "fitness.metric = \"f1\": use one of [accuracy, neg_cross_entropy, neg_l2]");
        add(c, "unknown family", "blur { " + OK + ", tasks.meta-train = [{family = spiral}] }", "tasks.meta-train[0]: family = spiral: unknown; known: [xor, ");
        add(c, "unknown task key", "blur { " + OK + ", tasks.meta-train = [{family = xor, noise = 0.1}] }", "tasks.meta-train[0].noise");
        add(c, "empty meta-train", "blur { " + OK + ", tasks.meta-train = [] }", "tasks.meta-train = []: list at least one task");
        add(c, "tasks of different shapes", "blur { " + OK + ", tasks.meta-train = [{family = xor}, {family = parity, bits = 5}] }", "one population needs one network shape");
        add(c, "image side 40", "blur { " + OK + ", tasks.meta-train = [{dataset = mnist, side = 40}] }", "tasks.meta-train[0].side = 40");
        add(c, "missing data folder", "blur { " + OK + ", data-root = nowhere, tasks.meta-train = [{dataset = mnist, side = 14}] }", "nowhere/mnist: dataset folder not found");
        add(c, "truncated IDX", "blur { " + OK + ", tasks.meta-train = [{dataset = mnist, path = trunc}] }", "train-images-idx3-ubyte: IDX dimensions [4, 28, 28] need 3136 data bytes but the file has 3036 (truncated)");
        add(c, "IDX with bad magic", "blur { " + OK + ", tasks.meta-train = [{dataset = mnist, path = magic}] }", "bad IDX magic number");
        add(c, "inverted gene range", "blur { " + OK + ", genome { gene-min = 3, gene-max = -3 } }", "genome: gene-min = 3.0, gene-max = -3.0: need finite bounds with gene-min < gene-max");
        add(c, "no termination", "blur { " + OK + ", termination.generations = 0 }", "termination: every limit is off; set at least one, e.g. termination.generations = 20");
        add(c, "elites = population", "blur { " + OK + ", evolution.elites = 4 }", "evolution.elites = 4: must be below evolution.population = 4");
        add(c, "missing genome file", "blur { " + OK + ", evolution.initial-population.files = [gone.json] }", "evolution.initial-population.files = \"gone.json\": file not found");
        add(c, "genome file too short", "blur { " + OK + ", evolution.initial-population.files = [short.json] }", "short.json: genes: genome has 3 genes, expected 20 = 1 block(s)");
        add(c, "genome file with NaN", "blur { " + OK + ", evolution.initial-population.files = [nan.json] }", "nan.json: genes: gene 19 is NaN");
        add(c, "genome file version 7", "blur { " + OK + ", evolution.initial-population.files = [v7.json] }", "v7.json: version = 7, this program reads versions 1..1");
        add(c, "genome file of another format", "blur { " + OK + ", evolution.initial-population.files = [fmt.json] }", "fmt.json: format = \"onnx\"");
        add(c, "genome file cut short", "blur { " + OK + ", evolution.initial-population.files = [broken.json] }", "broken.json");
        add(c, "genome file without k", "blur { " + OK + ", evolution.initial-population.files = [nok.json] }", "nok.json: k:");
        add(c, "genome K=4 for a K=2 experiment", "blur { " + OK + ", evolution.initial-population.files = [k4.json] }", "k4.json: genome layout 68 = 1 block(s)");
        add(c, "inline genome of the wrong length", "blur { " + OK + ", evolution.initial-population.genomes = [[1, 2]] }", "evolution.initial-population.genomes[0] has 2 genes, expected 20");
        add(c, "backprop genome for K = 4", "blur { " + OK + ", network.k = 4, evolution.initial-population.backprop-rate = 0.1 }", "the backprop genome exists for K = 2 only");
        add(c, "unwritable output folder", "blur { " + OK + ", output-dir = \"a-file/runs\" }", "a-file/runs: cannot create the run folder");
        add(c, "bad run name", "blur { " + OK + ", name = \"../prev\" }", "name = \"../prev\": use 1 to 100 letters, digits");
        add(c, "rescale without normalisation", "blur { " + OK + ", network.stabilizers.rescale = true }", "rescale needs normalization");
        add(c, "include url(...)", "include url(\"http://127.0.0.1:1/x.conf\")\nblur { " + OK + " }",
                "exp.conf: include url(\"http://127.0.0.1:1/x.conf\") is refused");
        add(c, "quoted include of a URL", "include \"http://127.0.0.1:1/x\"\nblur { " + OK + " }",
                "exp.conf: include \"http://127.0.0.1:1/x\" is refused");
        add(c, "fractional population", "blur { " + OK + ", evolution.population = 6.7 }",
                "exp.conf: evolution.population = 6.7: expected a whole number");
        add(c, "fractional seed", "blur { " + OK + ", seed = 1.5 }", "exp.conf: seed = 1.5: expected a whole number");
        add(c, "repeated image class", "blur { " + OK + ", tasks.meta-train = [{dataset = mnist, side = 14, classes = [3, 3]}] }",
                "exp.conf: tasks.meta-train[0]: classes = [3, 3]: list at least 2 distinct class labels");
        add(c, "repeated image class among others", "blur { " + OK + ", tasks.meta-train = [{dataset = mnist, side = 14, classes = [1, 3, 3]}] }",
                "exp.conf: tasks.meta-train[0]: classes = [1, 3, 3]: list at least 2 distinct class labels");
        add(c, "section that is not an object", "blur { " + OK + ", network = 5 }", "exp.conf: network = 5: must be an object");
        return c.stream();
    }

    /** Files written exactly as given (no output-dir line added): what is wrong is the file as a whole. */
    static Stream<Arguments> rawCases() {
        return Stream.of(
                Arguments.of("blur is not an object", "blur = 5\n", "exp.conf: blur = 5: must be an object"),
                Arguments.of("empty experiment file", "", "exp.conf: the experiment file sets nothing"),
                Arguments.of("experiment file of comments only", "# nothing yet\n", "exp.conf: the experiment file sets nothing"));
    }

    private static void add(List<Arguments> c, String name, String conf, String expected) {
        c.add(Arguments.of(name, List.of("evolve", "CONF", "--in-process"), conf, expected));
    }

    static Stream<Arguments> commandCases() {
        return Stream.of(
                Arguments.of("missing experiment file", List.of("evolve", "DIR/none.conf", "--in-process"), "none.conf: experiment file not found"),
                Arguments.of("--set without =", List.of("evolve", "CONF", "--in-process", "--set", "population"), "--set population: expected key=value"),
                Arguments.of("checkpoint from a newer format", List.of("resume", "DIR/runs/prev", "--in-process"), "checkpoint-000003.json: version = 9: this program reads checkpoint version 2; continue the run with the blur-evolve that wrote it"),
                Arguments.of("resume a folder that is not a run", List.of("resume", "DIR", "--in-process"), "no config.conf; is this a run folder?"),
                Arguments.of("trace with a task out of range", List.of("trace", "CONF", "--genome", "DIR/short.json", "--out", "DIR/t", "--task", "5"), "--task 5: the experiment has 1 meta-train tasks"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badExperimentFiles(String name, List<String> args, String conf, String expected) throws Exception {
        check(name, args, conf, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rawCases")
    void badExperimentFilesAsAWhole(String name, String conf, String expected) throws Exception {
        check(name, List.of("evolve", "CONF", "--in-process"), conf, expected, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandCases")
    void badCommands(String name, List<String> args, String expected) throws Exception {
        check(name, args, "blur { " + OK + " }", expected);
    }

    private static void check(String name, List<String> args, String conf, String expected) throws Exception {
        check(name, args, conf, expected, false);
    }

    private static void check(String name, List<String> args, String conf, String expected, boolean raw) throws Exception {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, raw ? conf : conf.replace("output-dir = \"a-file", "output-dir = \"" + dir.resolve("a-file"))
                + (conf.contains("output-dir") ? "" : "\nblur.output-dir = \"" + dir.resolve("runs") + "\""));
        Map<String, String> before = snapshot(dir.resolve("runs/prev"));
        String[] argv = args.stream().map(a -> a.replace("CONF", file.toString()).replace("DIR", dir.toString()))
                .toArray(String[]::new);
        PrintStream savedErr = System.err;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
            code = BlurCli.run(argv);
        } finally {
            System.setErr(savedErr);
            System.setOut(savedOut);
        }
        String text = err.toString();
        assertEquals(2, code, name + ": " + text);
        assertTrue(text.startsWith("error: "), name + ": " + text);
        assertTrue(text.contains(expected), name + ": expected «" + expected + "» in: " + text);
        assertFalse(text.contains("\tat ") || text.contains("Exception in"), name + ": stack trace in " + text);
        assertEquals(before, snapshot(dir.resolve("runs/prev")), name + ": the existing run folder changed");
    }

    private static Map<String, String> snapshot(Path folder) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }
}
