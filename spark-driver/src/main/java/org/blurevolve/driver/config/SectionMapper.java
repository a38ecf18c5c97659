package org.blurevolve.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.blurevolve.driver.data.DataLocation;
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.fitness.HorizonAggregate;
import org.blurevolve.fitness.HorizonCurriculum;
import org.blurevolve.fitness.QueryMode;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.network.Activation;
import org.blurevolve.network.ActivationStatistics;
import org.blurevolve.network.BackwardMode;
import org.blurevolve.network.Feedback;
import org.blurevolve.network.HebbianInputs;
import org.blurevolve.network.InitScale;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.network.Stabilizers;
import org.blurevolve.network.StateActivations;
import org.blurevolve.network.SynapseNormalization;
import org.blurevolve.network.SynapseStates;
import org.blurevolve.network.SynapseSymmetry;
import org.blurevolve.task.RunSeeds;

/**
 * Maps the sections of a resolved {@code blur} config onto the validating records: a thin mapper,
 * the defaults come from reference.conf and the rules from the records' constructors.
 */
final class SectionMapper {
    private final ConfReader r;
    private final String file;
    private final Path baseDir;
    /** An experiment file (paths fixed, initial files required), not an experiment read back from a checkpoint. */
    private final boolean fromFile;

    SectionMapper(ConfReader r, String file, Path baseDir, boolean fromFile) {
        this.r = r;
        this.file = file;
        this.baseDir = baseDir;
        this.fromFile = fromFile;
    }

    ExperimentConfig experiment(Config c) {
        String name = r.str("name");
        long seed = r.whole("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        int scheme = r.integer("seed-scheme", 1, 2);
        Path outputDir = path("output-dir");
        // an experiment file's data-root is fixed against the folder the run starts in, so that a
        // resumed run (config.conf, checkpoints) reads the same data wherever it is resumed from
        // (a URI, e.g. hdfs://namenode:8020/data, is kept as written)
        String dataRoot = fromFile ? location("data-root") : r.str("data-root");
        Config resolved = fromFile ? c.withValue("data-root", ConfigValueFactory.fromAnyRef(dataRoot)) : c;
        NetworkSpec network = network();
        boolean perLayer = r.bool("genome.per-layer");
        double geneMin = r.dbl("genome.gene-min", -1e9, 1e9);
        double geneMax = r.dbl("genome.gene-max", -1e9, 1e9);
        GeneBounds genes = r.build("genome", () -> new GeneBounds(geneMin, geneMax));
        UnrollSettings unroll = unroll(network);
        FitnessMetric metric = r.enumOf("fitness.metric", FitnessMetric.class);
        HorizonCurriculum curriculum = curriculum();
        TaskLists tasks = new TaskLists(r, file, baseDir);
        List<TaskEntry> train = tasks.read("tasks.meta-train");
        List<TaskEntry> test = tasks.read("tasks.meta-test");
        if (r.problems().isEmpty() && train.isEmpty()) {
            r.bad("tasks.meta-train", "[]", "list at least one task, e.g. [{family = xor}]");
        }
        StrategySettings strategy = new StrategySection(r).read();
        boolean gradient = strategy instanceof StrategySettings.Gradient || strategy instanceof StrategySettings.Hybrid;
        if (gradient && unroll != null && unroll.query().batch() != unroll.batch()) {
            r.bad("inner-loop.query-batch", String.valueOf(unroll.query().batch()), "meta-gradient strategies score"
                    + " their queries in batches of inner-loop.batch = " + unroll.batch() + "; leave query-batch unset"
                    + " (blur eval still scores any query batch)");
        }
        InitialGenomes initial = initial(network);
        int metaTestEvery = r.integer("evolution.meta-test-every", 0, Integer.MAX_VALUE);
        int hall = r.integer("evolution.hall-of-fame", 1, 10_000);
        int generations = r.integer("termination.generations", 0, Integer.MAX_VALUE);
        long maxEvaluations = r.whole("termination.max-evaluations", 0, Long.MAX_VALUE);
        double wallClock = r.dbl("termination.wall-clock-seconds", 0, 1e12);
        double target = r.optionalDbl("termination.target-fitness", -1e12, 1e12);
        int stagnation = r.integer("termination.stagnation-generations", 0, Integer.MAX_VALUE);
        Termination termination = r.build("termination",
                () -> new Termination(generations, maxEvaluations, wallClock, target, stagnation));
        int every = r.integer("checkpoint.every", 1, Integer.MAX_VALUE);
        int keep = r.integer("checkpoint.keep", 1, 1000);
        var checkpoints = r.build("checkpoint", () -> new ExperimentConfig.CheckpointSettings(every, keep));
        String master = r.str("spark.default-master");
        int partitions = r.integer("spark.partitions-per-core", 1, 1000);
        var spark = r.build("spark", () -> new ExperimentConfig.SparkSettings(master, partitions));
        return r.build("name", () -> new ExperimentConfig(file, name, new RunSeeds(seed, scheme), outputDir, dataRoot,
                network, network.genomeLayout(perLayer), genes, unroll, metric, curriculum, train, test, strategy, initial,
                metaTestEvery, hall, termination, checkpoints, spark, resolved));
    }

    private Path path(String key) {
        int before = r.problems().size();
        String v = r.str(key);
        if (r.problems().size() > before) {
            return Path.of(".");
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            r.bad(key, r.render(key), "not a usable path (" + e.getReason() + ")");
            return Path.of(".");
        }
    }

    /** A dataset location: a URI as written, or a path made absolute against the folder the run starts in. */
    private String location(String key) {
        String v = r.str(key);
        try {
            return DataLocation.resolve(Path.of(""), v);
        } catch (IllegalArgumentException e) {
            r.bad(key, r.render(key), e.getMessage());
            return v;
        }
    }

    private NetworkSpec network() {
        int k = r.integer("network.k", 2, 64);
        List<Integer> hidden = r.intList("network.hidden", 1, 1 << 16);
        List<Integer> sizes = new ArrayList<>();
        sizes.add(1);
        sizes.addAll(hidden);
        sizes.add(1);
        SynapseNormalization norm = r.enumOf("network.stabilizers.normalization", SynapseNormalization.class);
        boolean rescale = r.bool("network.stabilizers.rescale");
        if (rescale && norm == SynapseNormalization.OFF) {
            r.bad("network.stabilizers.rescale", "true", "rescale needs normalization = stored or in_activations");
        }
        boolean oja = r.bool("network.stabilizers.oja");
        boolean saturation = r.bool("network.stabilizers.saturation");
        double epsilon = r.dbl("network.stabilizers.saturation-epsilon", 0, 1e6);
        boolean actNorm = r.bool("network.stabilizers.activation-normalization");
        ActivationStatistics statistics = r.enumOf("network.stabilizers.activation-normalization-statistics",
                ActivationStatistics.class);
        boolean normalizeOutput = r.bool("network.stabilizers.normalize-output");
        if (!actNorm && (statistics == ActivationStatistics.SUPPORT || !normalizeOutput)) {
            r.bad(statistics == ActivationStatistics.SUPPORT ? "network.stabilizers.activation-normalization-statistics"
                    : "network.stabilizers.normalize-output", statistics == ActivationStatistics.SUPPORT ? "support"
                    : "false", "needs network.stabilizers.activation-normalization = true");
        }
        Stabilizers st = r.build("network.stabilizers", () -> new Stabilizers(oja, saturation, epsilon, norm, rescale,
                actNorm, statistics, normalizeOutput));
        StateActivations fwd = activations("network.forward-activation", k);
        StateActivations bwd = activations("network.backward-activation", k);
        StateActivations out = activations("network.output-activation", k);
        StateActivations syn = activations("network.synapse-activation", k);
        BackwardMode mode = r.enumOf("network.backward-mode", BackwardMode.class);
        SynapseSymmetry sym = r.enumOf("network.symmetry", SynapseSymmetry.class);
        SynapseStates states = r.enumOf("network.synapse-states", SynapseStates.class);
        Feedback feedback = r.enumOf("network.feedback", Feedback.class);
        InitScale scale = r.enumOf("network.init-scale", InitScale.class);
        HebbianInputs hebb = r.enumOf("network.hebbian-inputs", HebbianInputs.class);
        boolean zero = r.bool("network.zero-neurons");
        return r.build("network", () -> new NetworkSpec(k, sizes, fwd, bwd, out, syn, mode, sym, states, feedback, zero,
                scale, hebb, st));
    }

    private StateActivations activations(String key, int k) {
        List<Activation> list = new ArrayList<>();
        List<String> names = r.oneOrList(key);
        try {
            for (String n : names) {
                list.add(Activation.parse(n));
            }
            StateActivations a = new StateActivations(list);
            if (!a.fits(k)) {
                r.bad(key, names.toString(), "give one activation or exactly K = " + k);
            }
            return a;
        } catch (IllegalArgumentException e) {
            r.bad(key, r.render(key), "use relu_tanh, tanh, sigmoid, relu, identity, tanh_derivative,"
                    + " sigmoid_derivative, relu_derivative, or a list of K of them");
            return null;
        }
    }

    private UnrollSettings unroll(NetworkSpec network) {
        int steps = r.integer("inner-loop.learning-steps", 1, 1_000_000);
        int query = r.integer("inner-loop.query-batches", 1, 1_000_000);
        int batch = r.integer("inner-loop.batch", 1, 1 << 20);
        int queryBatch = r.config().getIsNull("inner-loop.query-batch") ? batch
                : r.integer("inner-loop.query-batch", 1, 1 << 20);
        boolean classSorted = r.enumOf("inner-loop.query-order", QueryOrder.class) == QueryOrder.CLASS_SORTED;
        int replicas = r.integer("inner-loop.replicas", 1, 10_000);
        Precision precision = r.enumOf("inner-loop.precision", Precision.class);
        double budget = r.dbl("inner-loop.time-budget-seconds", 0, 1e9);
        List<Integer> horizons = r.intList("fitness.horizons", 1, 1_000_000);
        HorizonAggregate aggregate = r.enumOf("fitness.aggregate", HorizonAggregate.class);
        double synapseLimit = r.dbl("fitness.synapse-limit", 0, 1e30);
        double projection = r.dbl("fitness.synapse-limit-projection", 0, 1e6);
        if (projection > 0 && projection <= 1) {
            r.bad("fitness.synapse-limit-projection", String.valueOf(projection),
                    "must be 0 (off) or a factor > 1 of the unroll's length (at 1 it never fires)");
        } else if (projection > 0 && synapseLimit == 0) {
            r.bad("fitness.synapse-limit-projection", String.valueOf(projection),
                    "needs fitness.synapse-limit > 0 (the bound the growth is projected onto)");
        }
        if (!horizons.isEmpty() && horizons.get(horizons.size() - 1) != steps) {
            r.bad("fitness.horizons", horizons.toString(), "the longest horizon must equal inner-loop.learning-steps = "
                    + steps + " (the unroll's length); set both");
        }
        if (queryBatch != batch && network != null && !network.zeroNeurons()) {
            r.bad("inner-loop.query-batch", String.valueOf(queryBatch), "must equal inner-loop.batch = " + batch
                    + " when network.zero-neurons = false (query steps would read states of another batch size)");
        }
        List<Integer> h = horizons.isEmpty() ? List.of(steps) : horizons;
        return r.build("fitness.horizons", () -> new UnrollSettings(h, aggregate, query, batch,
                new QueryMode(queryBatch, classSorted), replicas, precision, budget, synapseLimit, projection));
    }

    /** Query orders as the experiment file names them. */
    enum QueryOrder { DRAWN, CLASS_SORTED }

    private HorizonCurriculum curriculum() {
        int start = r.integer("fitness.curriculum.start", 1, 1_000_000);
        double growth = r.dbl("fitness.curriculum.growth", 1, 1e6);
        int every = r.integer("fitness.curriculum.every", 0, Integer.MAX_VALUE);
        return r.build("fitness.curriculum", () -> new HorizonCurriculum(start, growth, every));
    }

    private InitialGenomes initial(NetworkSpec network) {
        List<Path> files = new ArrayList<>();
        for (String f : r.stringList("evolution.initial-population.files")) {
            Path p = baseDir.resolve(f).toAbsolutePath().normalize();
            if (fromFile && !Files.isRegularFile(p)) {
                r.bad("evolution.initial-population.files", "\"" + f + "\"", "file not found (looked at " + p + ")");
            }
            files.add(p);
        }
        List<double[]> genomes = new ArrayList<>();
        String key = "evolution.initial-population.genomes";
        try {
            List<?> list = r.config().getList(key).unwrapped();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof List<?> l) || !l.stream().allMatch(v -> v instanceof Number)) {
                    r.bad(key + "[" + i + "]", String.valueOf(list.get(i)), "each genome is a list of numbers");
                    continue;
                }
                double[] v = l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
                for (int j = 0; j < v.length; j++) {
                    if (!Double.isFinite(v[j])) {
                        r.bad(key + "[" + i + "][" + j + "]", String.valueOf(l.get(j)), "genes must be finite doubles");
                    }
                }
                genomes.add(v);
            }
        } catch (ConfigException e) {
            r.bad(key, r.render(key), "must be a list of number lists");
        }
        double backprop = r.dbl("evolution.initial-population.backprop-rate", -1e6, 1e6);
        if (backprop != 0 && network != null && network.k() != 2) {
            r.bad("evolution.initial-population.backprop-rate", String.valueOf(backprop),
                    "the backprop genome exists for K = 2 only (network.k = " + network.k() + ")");
        }
        return r.build("evolution.initial-population", () -> new InitialGenomes(files, genomes, backprop));
    }
}
