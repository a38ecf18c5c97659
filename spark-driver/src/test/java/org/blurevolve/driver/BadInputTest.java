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
 * no stack trace, starts no evaluation, and leaves every run folder byte for byte as it was (and makes
 * no new one).
 */
class BadInputTest {
    static final String OK = "name = t, seed = 1, network.hidden = [4], "
            + "inner-loop { learning-steps = 2, query-batches = 1, batch = 8 }, evolution.population = 4, "
            + "termination.generations = 1";
    private static Path dir;

    @BeforeEach
    void folders(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        dir = temp;
        writePrevRun(dir);
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

    /** {@code runs/prev}: an existing run folder (with a checkpoint of a newer format) that no refused input may touch. */
    static void writePrevRun(Path dir) throws Exception {
        Path prev = dir.resolve("runs/prev");
        Files.createDirectories(prev.resolve("checkpoints"));
        Files.writeString(prev.resolve("metrics.csv"), "generation\n0\n");
        Files.writeString(prev.resolve("config.conf"), "blur {}\n");
        Files.writeString(prev.resolve("checkpoints/checkpoint-000003.json"),
                "{\"format\": \"blur-checkpoint\", \"version\": 9, \"createdBy\": \"blur-evolve 9.0\"}");
    }

    static String genome(String fields) {
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
        add(c, "bad precision", "blur { " + OK + ", inner-loop.precision = half }", "inner-loop.precision = \"half\": use one of [float, double, float_elementwise]");
        add(c, "bad metric", "blur { " + OK + ", fitness.metric = f1 }", "fitness.metric = \"f1\": use one of [accuracy, neg_cross_entropy, neg_l2]");
        add(c, "unknown family", "blur { " + OK + ", tasks.meta-train = [{family = spiral}] }", "tasks.meta-train[0]: family = spiral: unknown; known: [xor, ");
        add(c, "unknown task key", "blur { " + OK + ", tasks.meta-train = [{family = xor, noise = 0.1}] }", "tasks.meta-train[0].noise");
        add(c, "empty meta-train", "blur { " + OK + ", tasks.meta-train = [] }", "tasks.meta-train = []: list at least one task");
        add(c, "tasks of different shapes", "blur { " + OK + ", tasks.meta-train = [{family = xor}, {family = parity, bits = 5}] }", "one population needs one network shape");
        add(c, "image side 40", "blur { " + OK + ", tasks.meta-train = [{dataset = mnist, side = 40}] }", "tasks.meta-train[0].side = 40");
        add(c, "missing data folder", "blur { " + OK + ", data-root = nowhere, tasks.meta-train = [{dataset = mnist, side = 14}] }", "nowhere/mnist: dataset folder not found");
        add(c, "data-root of an unknown file system", "blur { " + OK + ", data-root = \"nosuch://host/data\", tasks.meta-train = [{dataset = mnist, side = 14}] }", "nosuch://host/data/mnist: cannot read the dataset folder (No FileSystem for scheme \"nosuch\")");
        add(c, "data-root URI without a path", "blur { " + OK + ", data-root = \"hdfs://namenode:8020\" }", "data-root = \"hdfs://namenode:8020\": a URI needs a path, e.g. hdfs://namenode:8020/data");
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
        // network
        bad(c, "K = 65", "network.k = 65", "network.k = 65: must be in 2..64");
        bad(c, "fractional K", "network.k = 2.5", "network.k = 2.5: expected a whole number");
        bad(c, "K beyond every integer type", "network.k = 99999999999999999999999", "network.k = \"99999999999999999999999\": must be in 2..64");
        bad(c, "K = NaN", "network.k = NaN", "network.k = \"NaN\": expected a whole number");
        bad(c, "K as a list", "network.k = [2]", "network.k = [2]: expected a whole number");
        bad(c, "hidden as a number", "network.hidden = 4", "network.hidden = 4: expected a list of whole numbers");
        bad(c, "fractional hidden size", "network.hidden = [4.5]", "network.hidden = [4.5]: every entry must be a whole number in 1..");
        bad(c, "hidden size above 65536", "network.hidden = [70000]", "network.hidden = [70000]: every entry must be a whole number in 1..65536");
        bad(c, "hidden sizes nested", "network.hidden = [[4]]", "network.hidden = [[4]]: expected a list of whole numbers");
        bad(c, "bad symmetry", "network.symmetry = diagonal", "network.symmetry = \"diagonal\": use one of [symmetric, asymmetric]");
        bad(c, "bad synapse states", "network.synapse-states = many", "network.synapse-states = \"many\": use one of [multi_state, single_state]");
        bad(c, "bad feedback", "network.feedback = gradient", "network.feedback = \"gradient\": use one of [target, error]");
        bad(c, "bad init scale", "network.init-scale = huge", "network.init-scale = \"huge\": use one of [unit, by_channels]");
        bad(c, "bad hebbian inputs", "network.hebbian-inputs = both", "network.hebbian-inputs = \"both\": use one of [post_backward, pre_from_forward]");
        bad(c, "zero-neurons not a boolean", "network.zero-neurons = maybe", "network.zero-neurons = \"maybe\": expected true or false");
        bad(c, "oja as a list", "network.stabilizers.oja = [true]", "network.stabilizers.oja = [true]: expected true or false");
        bad(c, "bad normalization", "network.stabilizers.normalization = l2", "network.stabilizers.normalization = \"l2\": use one of [off, stored, in_activations]");
        bad(c, "negative saturation epsilon", "network.stabilizers.saturation-epsilon = -1", "network.stabilizers.saturation-epsilon = -1: must be in [0.0, ");
        bad(c, "NaN saturation epsilon", "network.stabilizers.saturation-epsilon = NaN", "network.stabilizers.saturation-epsilon = \"NaN\": must be in [0.0, ");
        bad(c, "infinite saturation epsilon", "network.stabilizers.saturation-epsilon = Infinity", "network.stabilizers.saturation-epsilon = \"Infinity\": must be in");
        bad(c, "stabilizers not an object", "network.stabilizers = on", "network.stabilizers = \"on\": must be an object");
        bad(c, "empty activation list", "network.forward-activation = []", "network.forward-activation = []: use relu_tanh, tanh");
        bad(c, "activation as a number", "network.synapse-activation = 5", "network.synapse-activation = 5: use relu_tanh, tanh");
        bad(c, "unknown activation in a list", "network.backward-activation = [tanh, softmax]", "network.backward-activation = [\"tanh\",\"softmax\"]: use relu_tanh");
        // genome
        bad(c, "NaN gene-min", "genome.gene-min = NaN", "genome.gene-min = \"NaN\": must be in [-1.0E9, 1.0E9]");
        bad(c, "-Infinity gene-max", "genome.gene-max = -Infinity", "genome.gene-max = \"-Infinity\": must be in [-1.0E9, 1.0E9]");
        bad(c, "huge gene-min", "genome.gene-min = -1e300", "genome.gene-min = -1.0E300: must be in [-1.0E9, 1.0E9]");
        bad(c, "gene-min as text", "genome.gene-min = low", "genome.gene-min = \"low\": expected a number");
        bad(c, "per-layer not a boolean", "genome.per-layer = sometimes", "genome.per-layer = \"sometimes\": expected true or false");
        // inner loop
        bad(c, "0 learning steps", "inner-loop.learning-steps = 0", "inner-loop.learning-steps = 0: must be in 1..1000000");
        bad(c, "2,000,000 learning steps", "inner-loop.learning-steps = 2000000", "inner-loop.learning-steps = 2000000: must be in 1..1000000");
        bad(c, "fractional query batches", "inner-loop.query-batches = 1.5", "inner-loop.query-batches = 1.5: expected a whole number");
        bad(c, "batch 1e30", "inner-loop.batch = 1e30", "inner-loop.batch = 1.0E30: must be in 1..1048576");
        bad(c, "batch beyond a long", "inner-loop.batch = 9223372036854775808", "inner-loop.batch = \"9223372036854775808\": must be in 1..1048576");
        bad(c, "0 replicas", "inner-loop.replicas = 0", "inner-loop.replicas = 0: must be in 1..10000");
        bad(c, "negative time budget", "inner-loop.time-budget-seconds = -1", "inner-loop.time-budget-seconds = -1: must be in [0.0, ");
        bad(c, "infinite time budget", "inner-loop.time-budget-seconds = Infinity", "inner-loop.time-budget-seconds = \"Infinity\": must be in [0.0, ");
        bad(c, "precision as a list", "inner-loop.precision = [float]", "inner-loop.precision = [\"float\"]: expected a string");
        bad(c, "batch null", "inner-loop.batch = null", "inner-loop.batch = (missing): expected a whole number");
        // fitness
        bad(c, "metric as a list", "fitness.metric = [accuracy]", "fitness.metric = [\"accuracy\"]: expected a string");
        bad(c, "empty metric", "fitness.metric = \"\"", "fitness.metric = \"\": use one of [accuracy, neg_cross_entropy, neg_l2]");
        bad(c, "fitness not an object", "fitness = accuracy", "fitness = \"accuracy\": must be an object");
        // synthetic tasks
        bad(c, "3 outputs", "tasks.meta-train = [{family = xor, outputs = 3}]", "tasks.meta-train[0].outputs = 3: must be in 1..2");
        bad(c, "21 bits", "tasks.meta-train = [{family = parity, bits = 21}]", "tasks.meta-train[0].bits = 21: must be in 1..20");
        bad(c, "0 draws", "tasks.meta-train = [{family = xor, draws = 0}]", "tasks.meta-train[0].draws = 0: must be in 1..100000");
        bad(c, "fractional draws", "tasks.meta-train = [{family = xor, draws = 1.5}]", "tasks.meta-train[0].draws = 1.5: expected a whole number");
        bad(c, "family as a list", "tasks.meta-train = [{family = [xor]}]", "tasks.meta-train[0].family = [\"xor\"]: expected a string");
        bad(c, "tasks as names", "tasks.meta-train = [xor]", "tasks.meta-train = [\"xor\"]: must be a list of task objects");
        bad(c, "meta-test as a word", "tasks.meta-test = none", "tasks.meta-test = \"none\": must be a list of task objects");
        bad(c, "unknown meta-test family", "tasks.meta-test = [{family = spiral}]", "tasks.meta-test[0]: family = spiral: unknown");
        bad(c, "task with neither family nor dataset", "tasks.meta-train = [{}]", "tasks.meta-train[0] = {}: set exactly one of family (synthetic) or dataset (images)");
        bad(c, "path on a synthetic task", "tasks.meta-train = [{family = xor, path = x}]", "tasks.meta-train[0].path = \"x\": unknown synthetic task key");
        bad(c, "task default out of range", "task-defaults.synthetic.outputs = 5", "tasks.meta-train[0].outputs = 5: must be in 1..2");
        bad(c, "unknown task default", "task-defaults.synthetic.noise = 5", "task-defaults.synthetic.noise: unknown key");
        // image tasks
        bad(c, "image side 0", "tasks.meta-train = [{dataset = mnist, side = 0}]", "tasks.meta-train[0].side = 0: must be in 1..28");
        bad(c, "fractional image side", "tasks.meta-train = [{dataset = mnist, side = 14.5}]", "tasks.meta-train[0].side = 14.5: expected a whole number");
        bad(c, "class label 256", "tasks.meta-train = [{dataset = mnist, side = 14, classes = [0, 256]}]", "tasks.meta-train[0].classes = [0,256]: every entry must be a whole number in 0..255");
        bad(c, "negative class label", "tasks.meta-train = [{dataset = mnist, side = 14, classes = [-1, 2]}]", "tasks.meta-train[0].classes = [-1,2]: every entry must be");
        bad(c, "one class", "tasks.meta-train = [{dataset = mnist, side = 14, classes = [0]}]", "tasks.meta-train[0]: classes = [0]: list at least 2 distinct class labels");
        bad(c, "classes as a number", "tasks.meta-train = [{dataset = mnist, side = 14, classes = 3}]", "tasks.meta-train[0].classes = 3: expected a list of whole numbers");
        bad(c, "unknown query split", "tasks.meta-train = [{dataset = mnist, side = 14, query = train}]", "tasks.meta-train[0].query = \"train\": use one of [validation, test]");
        bad(c, "dataset with a slash", "tasks.meta-train = [{dataset = \"a/b\", side = 14}]", "tasks.meta-train[0]: dataset = \"a/b\": give a folder name under data-root");
        bad(c, "empty dataset name", "tasks.meta-train = [{dataset = \"\", side = 14}]", "tasks.meta-train[0]: dataset = \"\": give a folder name under data-root");
        bad(c, "data path as a list", "tasks.meta-train = [{dataset = mnist, side = 4, path = [a]}]", "tasks.meta-train[0].path = [\"a\"]: expected a string");
        // evolution: GA
        bad(c, "unknown strategy", "evolution.strategy = de", "evolution.strategy = \"de\": use ga, cma-es, gradient or cma-es+gradient");
        bad(c, "strategy in capitals", "evolution.strategy = CMA-ES", "evolution.strategy = \"CMA-ES\": use ga, cma-es, gradient or cma-es+gradient");
        // evolution: meta-gradient
        String gd = "evolution.strategy = gradient\n";
        bad(c, "gradient learning rate 0", gd + "evolution.gradient.learning-rate = 0", "evolution.gradient.learning-rate = 0: must be in [1.0E-12");
        bad(c, "gradient beta1 1", gd + "evolution.gradient.beta1 = 1", "evolution.gradient.beta1 = 1: must be in [0.0, 0.999999]");
        bad(c, "gradient negative clip", gd + "evolution.gradient.clip-norm = -1", "evolution.gradient.clip-norm = -1: must be in [0.0");
        bad(c, "gradient unknown loss", gd + "evolution.gradient.loss = hinge", "evolution.gradient.loss = \"hinge\": use cross-entropy or l2");
        bad(c, "gradient curriculum max below start", gd + "evolution.gradient.curriculum { start = 20, max = 10 }", "evolution.gradient.curriculum.max = 10: must be at least curriculum.start = 20");
        bad(c, "gradient curriculum start 0", gd + "evolution.gradient.curriculum.start = 0", "evolution.gradient.curriculum.start = 0: must be in 1..");
        bad(c, "gradient negative truncation", gd + "evolution.gradient.truncation = -2", "evolution.gradient.truncation = -2: must be in 0..");
        bad(c, "gradient negative recompute", gd + "evolution.gradient.recompute-every = -1", "evolution.gradient.recompute-every = -1: must be in 0..");
        bad(c, "gradient negative synapse penalty", gd + "evolution.gradient.synapse-penalty = -0.5", "evolution.gradient.synapse-penalty = -0.5: must be in [0.0");
        bad(c, "gradient with a query batch", gd + "inner-loop.query-batch = 1", "inner-loop.query-batch = 1: meta-gradient strategies score their queries in batches of inner-loop.batch = 8");
        String hy = "evolution.strategy = \"cma-es+gradient\"\n";
        bad(c, "hybrid every 0", hy + "evolution.hybrid.every = 0", "evolution.hybrid.every = 0: must be >= 1");
        bad(c, "hybrid steps 0", hy + "evolution.hybrid.steps = 0", "evolution.hybrid.steps = 0: must be in 1..");
        bad(c, "hybrid unknown target", hy + "evolution.hybrid.target = worst", "evolution.hybrid.target = \"worst\": use one of [mean, best]");
        bad(c, "offspring fraction 1.5", "evolution.offspring-fraction = 1.5", "evolution.offspring-fraction = 1.5: must be in [0.0, 1.0]");
        bad(c, "tournament size 0", "evolution.tournament-size = 0", "evolution.tournament-size = 0: must be in 1..");
        bad(c, "negative elites", "evolution.elites = -1", "evolution.elites = -1: must be in 0..");
        bad(c, "mutation rate 2", "evolution.mutation.rate = 2", "evolution.mutation.rate = 2: must be in [0.0, 1.0]");
        bad(c, "negative mutation sigma", "evolution.mutation.sigma = -0.1", "evolution.mutation.sigma = -0.1: must be in [0.0, ");
        bad(c, "unknown crossover", "evolution.crossover.kind = twopoint", "evolution.crossover.kind = \"twopoint\": use one of [block, uniform, none]");
        bad(c, "NaN crossover rate", "evolution.crossover.rate = NaN", "evolution.crossover.rate = \"NaN\": must be in [0.0, 1.0]");
        bad(c, "population 1e7", "evolution.population = 1e7", "evolution.population = 10000000: must be in 2..1000000");
        bad(c, "population as a list", "evolution.population = [4]", "evolution.population = [4]: expected a whole number");
        bad(c, "infinite population", "evolution.population = Infinity", "evolution.population = \"Infinity\": expected a whole number");
        bad(c, "hall of fame 0", "evolution.hall-of-fame = 0", "evolution.hall-of-fame = 0: must be in 1..10000");
        bad(c, "negative meta-test period", "evolution.meta-test-every = -1", "evolution.meta-test-every = -1: must be >= 0");
        bad(c, "mutation not an object", "evolution.mutation = 0.2", "evolution.mutation = 0.2: must be an object");
        // evolution: CMA-ES
        bad(c, "CMA-ES sigma 0", "evolution { strategy = cma-es, cma-es.sigma = 0 }", "evolution.cma-es.sigma = 0: must be in [1.0E-9, ");
        bad(c, "infinite CMA-ES sigma", "evolution { strategy = cma-es, cma-es.sigma = Infinity }", "evolution.cma-es.sigma = \"Infinity\": must be in [1.0E-9, ");
        bad(c, "NaN CMA-ES sigma", "evolution { strategy = cma-es, cma-es.sigma = NaN }", "evolution.cma-es.sigma = \"NaN\": must be in [1.0E-9, ");
        bad(c, "CMA-ES separable maybe", "evolution { strategy = cma-es, cma-es.separable = maybe }", "evolution.cma-es.separable = \"maybe\": use auto, true or false");
        bad(c, "CMA-ES rank-diverged last", "evolution { strategy = cma-es, cma-es.rank-diverged = last }", "evolution.cma-es.rank-diverged = \"last\": use one of [tied, steps]");
        bad(c, "CMA-ES population 1", "evolution { strategy = cma-es, population = 1 }", "evolution.population = 1: must be in 2..");
        bad(c, "cma-es not an object", "evolution { strategy = cma-es, cma-es = fast }", "evolution.cma-es = \"fast\": must be an object");
        // initial population
        bad(c, "initial files as one name", "evolution.initial-population.files = gone.json", "evolution.initial-population.files = \"gone.json\": expected a list of strings");
        bad(c, "initial file is a folder", "evolution.initial-population.files = [trunc]", "evolution.initial-population.files = \"trunc\": file not found");
        bad(c, "inline genome with a word", "evolution.initial-population.genomes = [[1, x]]", "evolution.initial-population.genomes[0] = [1, x]: each genome is a list of numbers");
        bad(c, "inline genome as a number", "evolution.initial-population.genomes = [5]", "evolution.initial-population.genomes[0] = 5: each genome is a list of numbers");
        bad(c, "inline genomes as a number", "evolution.initial-population.genomes = 5", "evolution.initial-population.genomes = 5: must be a list of number lists");
        bad(c, "inline gene 1e999", "evolution.initial-population.genomes = [[1e999]]", "evolution.initial-population.genomes[0][0] = Infinity: genes must be finite");
        bad(c, "NaN backprop rate", "evolution.initial-population.backprop-rate = NaN", "evolution.initial-population.backprop-rate = \"NaN\": must be in");
        // termination
        bad(c, "negative generations", "termination.generations = -1", "termination.generations = -1: must be >= 0");
        bad(c, "fractional generations", "termination.generations = 1.5", "termination.generations = 1.5: expected a whole number");
        bad(c, "generations above int", "termination.generations = 3000000000", "termination.generations = 3000000000: must be >= 0");
        bad(c, "negative max evaluations", "termination.max-evaluations = -5", "termination.max-evaluations = -5: must be >= 0");
        bad(c, "negative wall clock", "termination.wall-clock-seconds = -1", "termination.wall-clock-seconds = -1: must be in [0.0, ");
        bad(c, "infinite wall clock", "termination.wall-clock-seconds = Infinity", "termination.wall-clock-seconds = \"Infinity\": must be in [0.0, ");
        bad(c, "target fitness as text", "termination.target-fitness = abc", "termination.target-fitness = \"abc\": expected a number");
        bad(c, "NaN target fitness", "termination.target-fitness = NaN", "termination.target-fitness = \"NaN\": must be in [");
        bad(c, "negative stagnation", "termination.stagnation-generations = -2", "termination.stagnation-generations = -2: must be >= 0");
        // checkpoint
        bad(c, "checkpoint every 0", "checkpoint.every = 0", "checkpoint.every = 0: must be >= 1");
        bad(c, "keep 1001 checkpoints", "checkpoint.keep = 1001", "checkpoint.keep = 1001: must be in 1..1000");
        bad(c, "fractional keep", "checkpoint.keep = 2.5", "checkpoint.keep = 2.5: expected a whole number");
        bad(c, "checkpoint every as text", "checkpoint.every = often", "checkpoint.every = \"often\": expected a whole number");
        // spark
        bad(c, "empty default master", "spark.default-master = \"\"", "spark: spark.default-master must be set");
        bad(c, "0 partitions per core", "spark.partitions-per-core = 0", "spark.partitions-per-core = 0: must be in 1..1000");
        bad(c, "1001 partitions per core", "spark.partitions-per-core = 1001", "spark.partitions-per-core = 1001: must be in 1..1000");
        bad(c, "default master as a list", "spark.default-master = [local]", "spark.default-master = [\"local\"]: expected a string");
        // top level
        bad(c, "seed as text", "seed = abc", "seed = \"abc\": expected a whole number");
        bad(c, "seed scheme 3", "seed-scheme = 3", "seed-scheme = 3: must be in 1..2");
        bad(c, "seed 1e30", "seed = 1e30", "seed = 1.0E30: must be >= ");
        bad(c, "seed beyond a long", "seed = 9223372036854775808", "seed = \"9223372036854775808\": must be >= ");
        bad(c, "output-dir as a list", "output-dir = [a]", "output-dir = [\"a\"]: expected a string");
        bad(c, "empty run name", "name = \"\"", "name = \"\": use 1 to 100 letters");
        bad(c, "run name of dots", "name = \"..\"", "name = \"..\": use 1 to 100 letters");
        bad(c, "run name as a list", "name = [x]", "name = [\"x\"]: expected a string");
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

    /** A tiny good experiment with one setting added; the message must name the file and the setting. */
    private static void bad(List<Arguments> c, String name, String setting, String expected) {
        add(c, name, "blur { " + OK + ", " + setting + " }", "exp.conf: " + expected);
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
        Map<String, String> before = snapshot(dir.resolve("runs"));
        String[] argv = args.stream().map(a -> a.replace("CONF", file.toString()).replace("DIR", dir.toString()))
                .toArray(String[]::new);
        assertRefused(name, cli(argv), 1, expected);
        assertEquals(before, snapshot(dir.resolve("runs")), name + ": the existing run folder changed (or a new one appeared)");
    }

    /** What one command line returned and printed. */
    record Outcome(int code, String err, String out) {
    }

    /** Runs the real command line with stdout and stderr captured. */
    static Outcome cli(String... argv) {
        PrintStream savedErr = System.err;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true));
            System.setOut(new PrintStream(out, true));
            code = BlurCli.run(argv);
        } finally {
            System.setErr(savedErr);
            System.setOut(savedOut);
        }
        return new Outcome(code, err.toString(), out.toString());
    }

    /**
     * A refused input: exit code 2, {@code messages} lines "error: …" (0: a command-line usage error
     * from picocli, which prints its own message and the usage), each expected text, no stack trace,
     * and no evaluation started (no generation, eval or trace line on stdout).
     */
    static void assertRefused(String name, Outcome o, int messages, String... expected) {
        String text = o.err();
        assertEquals(2, o.code(), name + ": " + text);
        if (messages > 0) {
            assertTrue(text.startsWith("error: "), name + ": " + text);
            assertEquals(messages, text.split("(^|\n)error: ", -1).length - 1, name + ": number of messages in " + text);
        }
        for (String e : expected) {
            assertTrue(text.contains(e), name + ": expected «" + e + "» in: " + text);
        }
        assertFalse(text.contains("\tat ") || text.contains("Exception in"), name + ": stack trace in " + text);
        assertFalse(WORK.matcher(o.out()).find(), name + ": work started before the refusal: " + o.out());
    }

    /** A line that evolve (gen N), eval (task T=N), trace (traced N steps) or bench-spark prints after scoring. */
    private static final java.util.regex.Pattern WORK = java.util.regex.Pattern.compile(
            "(?m)^(gen \\d|\\S+ T=\\d+ |traced \\d|\\d+ genomes × )");

    /** Every file and folder under {@code folder}, files with their bytes (as Latin-1 text, so binary files compare exactly). */
    static Map<String, String> snapshot(Path folder) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.toList()) {
                out.put(folder.relativize(p).toString(), Files.isDirectory(p) ? "(folder)"
                        : new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }
}
