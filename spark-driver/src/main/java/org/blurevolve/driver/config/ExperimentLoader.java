package org.blurevolve.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.network.Activation;
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

/**
 * Reads an experiment file (HOCON) over {@code reference.conf}, applies {@code --set key=value}
 * overrides, and validates everything at once: every problem is collected and reported together
 * as a {@link ConfigError}, each naming the file, the key, the value and the fix.
 */
public final class ExperimentLoader {

    private final String file;
    private final Path baseDir;
    /** Whether initial-population files must exist (not when rebuilding a run that already started). */
    private final boolean checkFiles;
    private final List<String> problems = new ArrayList<>();
    private Config c;

    private ExperimentLoader(String file, Path baseDir, boolean checkFiles) {
        this.file = file;
        this.baseDir = baseDir;
        this.checkFiles = checkFiles;
    }

    /** Loads an experiment file with overrides such as {@code evolution.population=8}. */
    public static ExperimentConfig load(Path conf, List<String> overrides) {
        if (!Files.isRegularFile(conf)) {
            throw new ConfigError(conf + ": experiment file not found");
        }
        Config user;
        try {
            user = ConfigFactory.parseFile(conf.toFile());
        } catch (ConfigException e) {
            throw new ConfigError(conf + ": " + e.getMessage() + " (fix the HOCON syntax)");
        }
        Path base = conf.toAbsolutePath().getParent();
        return new ExperimentLoader(conf.toString(), base, true).build(user, overrides);
    }

    /**
     * Rebuilds an experiment from resolved text (executors, resume). Initial-population files are
     * not required: they were read when the run started, and their paths are already absolute.
     */
    public static ExperimentConfig fromResolvedText(String text, String origin) {
        return new ExperimentLoader(origin, Path.of("."), false).build(ConfigFactory.parseString(text), List.of());
    }

    private ExperimentConfig build(Config user, List<String> overrides) {
        Config over = ConfigFactory.empty();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                problems.add("--set " + o + ": expected key=value, e.g. --set evolution.population=8");
                continue;
            }
            String key = o.substring(0, eq).trim();
            String path = key.startsWith("blur.") ? key : "blur." + key;
            try {
                over = ConfigFactory.parseString(path + " = " + o.substring(eq + 1)).withFallback(over);
            } catch (ConfigException e) {
                problems.add("--set " + o + ": " + e.getMessage());
            }
        }
        Config reference = ConfigFactory.parseResources(ExperimentLoader.class.getClassLoader(), "reference.conf");
        Config merged = over.withFallback(user);
        checkUnknownKeys(merged, reference);
        try {
            c = merged.withFallback(reference).resolve().getConfig("blur");
        } catch (ConfigException e) {
            problems.add(file + ": " + e.getMessage());
            throw new ConfigError(problems);
        }
        ExperimentConfig config = read();
        if (!problems.isEmpty()) {
            throw new ConfigError(problems);
        }
        return config;
    }

    private void checkUnknownKeys(Config user, Config reference) {
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("blur.")) {
                problems.add(file + ": " + key + ": unknown top-level key; every setting lives under blur { … }");
            } else if (!reference.hasPathOrNull(key)) {
                problems.add(file + ": " + key.substring(5) + ": unknown key (misspelt?); see reference.conf for the keys");
            }
        }
    }

    private ExperimentConfig read() {
        String name = str("name");
        if (name != null && !name.matches("[A-Za-z0-9._-]+")) {
            bad("name", name, "use letters, digits, '.', '_' and '-' only (it names the run folder)");
        }
        long seed = lng("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        int k = integer("network.k", 2, 64);
        List<Integer> hidden = intList("network.hidden", 1, 1 << 16);
        List<Integer> sizes = new ArrayList<>();
        sizes.add(1);
        sizes.addAll(hidden);
        sizes.add(1);
        Stabilizers st = null;
        try {
            SynapseNormalization norm = enumOf("network.stabilizers.normalization", SynapseNormalization.class);
            double eps = dbl("network.stabilizers.saturation-epsilon", 0, 1e6);
            boolean rescale = bool("network.stabilizers.rescale");
            st = new Stabilizers(bool("network.stabilizers.oja"), bool("network.stabilizers.saturation"), eps,
                    norm == null ? SynapseNormalization.OFF : norm, rescale && norm != null && norm != SynapseNormalization.OFF,
                    bool("network.stabilizers.activation-normalization"));
            if (rescale && norm == SynapseNormalization.OFF) {
                bad("network.stabilizers.rescale", "true", "rescale needs normalization = stored or in_activations");
            }
        } catch (IllegalArgumentException e) {
            problems.add(file + ": network.stabilizers: " + e.getMessage());
        }
        NetworkSpec network = null;
        StateActivations fwd = activations("network.forward-activation", k);
        StateActivations bwd = activations("network.backward-activation", k);
        StateActivations out = activations("network.output-activation", k);
        StateActivations syn = activations("network.synapse-activation", k);
        BackwardMode mode = enumOf("network.backward-mode", BackwardMode.class);
        SynapseSymmetry sym = enumOf("network.symmetry", SynapseSymmetry.class);
        SynapseStates states = enumOf("network.synapse-states", SynapseStates.class);
        Feedback feedback = enumOf("network.feedback", Feedback.class);
        InitScale scale = enumOf("network.init-scale", InitScale.class);
        HebbianInputs hebb = enumOf("network.hebbian-inputs", HebbianInputs.class);
        boolean zero = bool("network.zero-neurons");
        if (problems.isEmpty()) {
            try {
                network = new NetworkSpec(k, sizes, fwd, bwd, out, syn, mode, sym, states, feedback, zero, scale, hebb, st);
            } catch (IllegalArgumentException e) {
                problems.add(file + ": network: " + e.getMessage());
            }
        }
        double geneMin = dbl("genome.gene-min", -1e9, 1e9);
        double geneMax = dbl("genome.gene-max", -1e9, 1e9);
        if (geneMin >= geneMax) {
            bad("genome.gene-max", String.valueOf(geneMax), "must be greater than genome.gene-min = " + geneMin);
        }
        UnrollSettings unroll = null;
        int steps = integer("inner-loop.learning-steps", 1, 1_000_000);
        int query = integer("inner-loop.query-batches", 1, 1_000_000);
        int batch = integer("inner-loop.batch", 1, 1 << 20);
        int replicas = integer("inner-loop.replicas", 1, 10_000);
        Precision precision = enumOf("inner-loop.precision", Precision.class);
        double budget = dbl("inner-loop.time-budget-seconds", 0, 1e9);
        if (problems.isEmpty()) {
            unroll = new UnrollSettings(steps, query, batch, replicas, precision, budget);
        }
        FitnessMetric metric = enumOf("fitness.metric", FitnessMetric.class);
        List<TaskConfig> train = new TaskEntries(c, file, baseDir, problems).read("tasks.meta-train");
        List<TaskConfig> test = new TaskEntries(c, file, baseDir, problems).read("tasks.meta-test");
        if (train != null && train.isEmpty()) {
            bad("tasks.meta-train", "[]", "list at least one task, e.g. [{family = xor}]");
        }
        EvolutionSettings evolution = evolution(k);
        Termination termination = new Termination(integer("termination.generations", 0, Integer.MAX_VALUE),
                lng("termination.max-evaluations", 0, Long.MAX_VALUE),
                dbl("termination.wall-clock-seconds", 0, 1e12),
                c.getIsNull("termination.target-fitness") ? Double.NaN : dbl("termination.target-fitness", -1e12, 1e12),
                integer("termination.stagnation-generations", 0, Integer.MAX_VALUE));
        if (termination.generations() == 0 && termination.maxEvaluations() == 0 && termination.wallClockSeconds() == 0
                && Double.isNaN(termination.targetFitness()) && termination.stagnationGenerations() == 0) {
            bad("termination", "(all off)", "set at least one limit, e.g. termination.generations = 20");
        }
        String master = str("spark.default-master");
        int ppc = integer("spark.partitions-per-core", 1, 1000);
        int every = integer("checkpoint.every", 1, Integer.MAX_VALUE);
        int keep = integer("checkpoint.keep", 1, 1000);
        String resolved = c.atPath("blur").root().render(ConfigRenderOptions.concise().setFormatted(true).setJson(false));
        if (!problems.isEmpty()) {
            return null;
        }
        return new ExperimentConfig(file, name, seed, Path.of(str("output-dir")), Path.of(str("data-root")), network,
                bool("genome.per-layer"), geneMin, geneMax, unroll, metric, train, test, evolution, termination,
                master, ppc, every, keep, resolved);
    }

    private EvolutionSettings evolution(int k) {
        int population = integer("evolution.population", 2, 1_000_000);
        int elites = integer("evolution.elites", 0, 1_000_000);
        if (elites >= population && population >= 2) {
            bad("evolution.elites", String.valueOf(elites), "must be below evolution.population = " + population);
        }
        String crossover = str("evolution.crossover.kind");
        if (crossover != null && !Set.of("block", "uniform", "none").contains(crossover)) {
            bad("evolution.crossover.kind", crossover, "use block, uniform or none");
        }
        List<Path> files = new ArrayList<>();
        for (String f : stringList("evolution.initial-population.files")) {
            Path p = baseDir.resolve(f).toAbsolutePath().normalize();
            if (checkFiles && !Files.isRegularFile(p)) {
                bad("evolution.initial-population.files", f, "file not found (looked at " + p + ")");
            }
            files.add(p);
        }
        List<double[]> genomes = new ArrayList<>();
        try {
            for (Object o : c.getList("evolution.initial-population.genomes").unwrapped()) {
                if (!(o instanceof List<?> l)) {
                    bad("evolution.initial-population.genomes", String.valueOf(o), "each entry is a list of numbers");
                    continue;
                }
                genomes.add(l.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray());
            }
        } catch (ConfigException | ClassCastException e) {
            bad("evolution.initial-population.genomes", "", "must be a list of number lists: " + e.getMessage());
        }
        double backprop = dbl("evolution.initial-population.backprop-rate", -1e6, 1e6);
        String strategy = str("evolution.strategy");
        if (strategy != null && !Set.of("ga", "cma-es").contains(strategy)) {
            bad("evolution.strategy", strategy, "use ga or cma-es");
        }
        String separable = str("evolution.cma-es.separable");
        if (separable != null && !Set.of("auto", "true", "false").contains(separable)) {
            bad("evolution.cma-es.separable", separable, "use auto, true or false");
        }
        if (backprop != 0 && k != 2) {
            bad("evolution.initial-population.backprop-rate", String.valueOf(backprop),
                    "the backprop genome exists for K = 2 only (network.k = " + k + ")");
        }
        return new EvolutionSettings(population, dbl("evolution.offspring-fraction", 0, 1),
                integer("evolution.tournament-size", 1, 1_000_000), elites,
                dbl("evolution.mutation.rate", 0, 1), dbl("evolution.mutation.sigma", 0, 1e6),
                crossover, dbl("evolution.crossover.rate", 0, 1), files, genomes, backprop,
                integer("evolution.meta-test-every", 0, Integer.MAX_VALUE),
                integer("evolution.hall-of-fame", 1, 10_000), strategy, dbl("evolution.cma-es.sigma", 1e-9, 1e6),
                separable);
    }

    private StateActivations activations(String key, int k) {
        try {
            List<String> names = c.getValue(key).valueType() == ConfigValueType.LIST
                    ? c.getStringList(key) : List.of(c.getString(key));
            List<Activation> list = new ArrayList<>();
            for (String n : names) {
                list.add(Activation.parse(n));
            }
            StateActivations a = new StateActivations(list);
            if (!a.fits(k)) {
                bad(key, names.toString(), "give one activation or exactly K = " + k);
            }
            return a;
        } catch (IllegalArgumentException | ConfigException e) {
            bad(key, describe(key), "use relu_tanh, tanh, sigmoid, relu, identity, tanh_derivative, sigmoid_derivative,"
                    + " relu_derivative, or a list of K of them");
            return null;
        }
    }

    private <E extends Enum<E>> E enumOf(String key, Class<E> type) {
        String v = str(key);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            bad(key, v, "use one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(x -> x.name().toLowerCase(Locale.ROOT)).toList());
            return null;
        }
    }

    private String str(String key) {
        return get(key, c::getString, "a string");
    }

    private boolean bool(String key) {
        Boolean b = get(key, c::getBoolean, "true or false");
        return b != null && b;
    }

    private int integer(String key, int min, int max) {
        Integer v = get(key, c::getInt, "a whole number");
        if (v == null) {
            return min;
        }
        if (v < min || v > max) {
            bad(key, String.valueOf(v), max == Integer.MAX_VALUE ? "must be >= " + min : "must be in " + min + ".." + max);
        }
        return v;
    }

    private long lng(String key, long min, long max) {
        Long v = get(key, c::getLong, "a whole number");
        if (v == null) {
            return min;
        }
        if (v < min || v > max) {
            bad(key, String.valueOf(v), "must be >= " + min);
        }
        return v;
    }

    private double dbl(String key, double min, double max) {
        Double v = get(key, c::getDouble, "a number");
        if (v == null) {
            return min;
        }
        if (!(v >= min && v <= max)) {
            bad(key, String.valueOf(v), "must be in [" + min + ", " + max + "]");
        }
        return v;
    }

    private List<Integer> intList(String key, int min, int max) {
        List<Integer> v = get(key, c::getIntList, "a list of whole numbers");
        if (v == null) {
            return List.of();
        }
        for (int x : v) {
            if (x < min || x > max) {
                bad(key, v.toString(), "every entry must be in " + min + ".." + max);
                break;
            }
        }
        return v;
    }

    private List<String> stringList(String key) {
        List<String> v = get(key, c::getStringList, "a list of strings");
        return v == null ? List.of() : v;
    }

    private <T> T get(String key, Function<String, T> getter, String expected) {
        try {
            return getter.apply(key);
        } catch (ConfigException.WrongType | ConfigException.Null e) {
            bad(key, describe(key), "expected " + expected);
        } catch (ConfigException e) {
            problems.add(file + ": " + key + ": " + e.getMessage());
        }
        return null;
    }

    private String describe(String key) {
        return describe(c, key);
    }

    /** The value at {@code key} as the user wrote it, for messages. */
    static String describe(Config config, String key) {
        try {
            return config.hasPathOrNull(key) ? config.getValue(key).render(ConfigRenderOptions.concise()) : "(missing)";
        } catch (ConfigException e) {
            return "null";
        }
    }

    private void bad(String key, String value, String fix) {
        problems.add(problem(file, key, value, fix));
    }

    /** One problem line: {@code file: key = value: fix}. */
    static String problem(String file, String key, String value, String fix) {
        return file + ": " + key + " = " + value + ": " + fix;
    }
}
