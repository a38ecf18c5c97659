package org.blurevolve.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.task.RunSeeds;

/**
 * Reads an experiment file (HOCON, file includes only) over {@code reference.conf}, applies
 * {@code --set key=value} overrides and maps every section onto the validating records of this
 * package. Every default lives in reference.conf; every problem is collected and reported together
 * as an {@link ExperimentException}, each naming the file, the key, the value and the fix.
 */
public final class ExperimentLoader {
    private final String file;
    private final Path baseDir;
    /** An experiment file (paths fixed, initial files required), not an experiment read back from a checkpoint. */
    private final boolean fromFile;
    private final List<String> problems = new ArrayList<>();

    private ExperimentLoader(String file, Path baseDir, boolean fromFile) {
        this.file = file;
        this.baseDir = baseDir;
        this.fromFile = fromFile;
    }

    /** Loads an experiment file with overrides such as {@code evolution.population=8}. */
    public static ExperimentConfig load(Path conf, List<String> overrides) {
        if (!Files.isRegularFile(conf)) {
            throw new ExperimentException(conf + ": experiment file not found");
        }
        Config user;
        try {
            user = ConfigFactory.parseFile(conf.toFile(), ConfigParseOptions.defaults().setIncluder(new FileIncluder())
                    .setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ExperimentException(conf + ": " + shorten(e.getMessage()) + " (fix the HOCON syntax)");
        }
        if (user.isEmpty()) {
            throw new ExperimentException(conf + ": the experiment file sets nothing; write at least"
                    + " blur { tasks.meta-train = [...] } (see conf/quickstart.conf)");
        }
        return new ExperimentLoader(conf.toString(), conf.toAbsolutePath().getParent(), true).build(user, overrides);
    }

    /**
     * Rebuilds an experiment from its resolved JSON (a checkpoint). Includes are off; initial-population
     * files are not required (they were read when the run started and their paths are absolute).
     */
    public static ExperimentConfig fromResolvedJson(String json, String origin) {
        Config c;
        try {
            c = ConfigFactory.parseString(json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)
                    .setIncluder(new FileIncluder()));
        } catch (ConfigException e) {
            throw new ExperimentException(origin + ": stored experiment is not valid JSON (" + shorten(e.getMessage()) + ")");
        }
        return new ExperimentLoader(origin, Path.of("."), false).build(c, List.of());
    }

    /**
     * One task entry written as a HOCON object (e.g. {@code {dataset = mnist, side = 14}}) over the
     * experiment's task defaults; {@code origin} names it in messages (e.g. {@code --task mnist:14}).
     */
    public static TaskEntry task(ExperimentConfig config, String hocon, String origin) {
        List<String> problems = new ArrayList<>();
        TaskEntry entry = null;
        try {
            Config t = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setIncluder(new FileIncluder()));
            ConfReader root = new ConfReader(config.resolved(), origin, "", problems);
            entry = new TaskLists(root, origin, Path.of(".")).entry(t, "task");
        } catch (ConfigException e) {
            problems.add(origin + ": " + shorten(e.getMessage()));
        }
        if (!problems.isEmpty() || entry == null) {
            throw new ExperimentException(problems.isEmpty() ? List.of(origin + ": not a task") : problems);
        }
        return entry;
    }

    /** The reference configuration: every key and its default. */
    static Config reference() {
        return ConfigFactory.parseResources(ExperimentLoader.class.getClassLoader(), "reference.conf");
    }

    private ExperimentConfig build(Config user, List<String> overrides) {
        Config merged = overrides(overrides).withFallback(user);
        checkKeys(merged);
        Config c;
        try {
            c = merged.withFallback(reference()).resolve().getConfig("blur");
        } catch (ConfigException e) {
            problems.add(file + ": " + shorten(e.getMessage()));
            throw new ExperimentException(problems);
        }
        if (!problems.isEmpty()) {
            throw new ExperimentException(problems);
        }
        ExperimentConfig config = new SectionMapper(new ConfReader(c, file, "", problems), file, baseDir, fromFile)
                .experiment(c);
        if (!problems.isEmpty() || config == null) {
            throw new ExperimentException(problems);
        }
        return config;
    }

    private Config overrides(List<String> overrides) {
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
                over = ConfigFactory.parseString(path + " = " + o.substring(eq + 1), ConfigParseOptions.defaults()
                        .setIncluder(new FileIncluder()).setOriginDescription("--set " + o)).withFallback(over);
            } catch (ConfigException e) {
                problems.add("--set " + o + ": " + shorten(e.getMessage()));
            }
        }
        return over;
    }

    private void checkKeys(Config user) {
        Config reference = reference();
        if (user.hasPath("blur") && user.getValue("blur").valueType() != com.typesafe.config.ConfigValueType.OBJECT) {
            problems.add(file + ": blur = " + concise(user.getValue("blur")) + ": must be an object, blur { … }");
            throw new ExperimentException(problems);
        }
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String key = e.getKey();
            String where = ConfReader.where(e.getValue().origin(), file);
            if (!key.startsWith("blur.")) {
                problems.add(where + ": " + key + ": unknown top-level key; every setting lives under blur { … }");
            } else if (!reference.hasPathOrNull(key)) {
                problems.add(where + ": " + key.substring(5) + ": unknown key (misspelt?); see reference.conf for the keys");
            } else if (!reference.getIsNull(key)
                    && reference.getValue(key).valueType() == com.typesafe.config.ConfigValueType.OBJECT) {
                problems.add(where + ": " + key.substring(5) + " = " + concise(e.getValue()) + ": must be an object");
            }
        }
    }

    private static String concise(ConfigValue v) {
        return shorten(v.render(com.typesafe.config.ConfigRenderOptions.concise()));
    }

    private static String shorten(String message) {
        return message.length() > 300 ? message.substring(0, 297) + "..." : message;
    }
}
