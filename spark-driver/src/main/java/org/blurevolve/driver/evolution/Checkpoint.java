package org.blurevolve.driver.evolution;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.blurevolve.driver.config.ConfigError;
import org.blurevolve.driver.output.RunOutputs;
import org.blurevolve.genome.GenomeFile;
import org.blurevolve.genome.Json;

/**
 * Everything needed to continue a run after generation {@code generation} exactly as if it had
 * never stopped. Randomness needs no state: generation g draws from (run seed, g). Stored as
 * versioned JSON ({@code checkpoints/checkpoint-000012.json}), written atomically; the newest few
 * are kept. A checkpoint of a newer format version is refused with a clear message.
 *
 * @param generation       the last completed generation
 * @param evaluations      genome evaluations so far
 * @param elapsedSeconds   wall-clock seconds of the run so far
 * @param bestSoFar        best fitness seen
 * @param sinceGain        generations since the best improved
 * @param population       members in engine order
 * @param hallOfFame       best distinct genomes seen, best first
 * @param resolvedConfig   the experiment the run was started with
 * @param experiment       the experiment file it came from (for provenance)
 * @param strategy         the outer strategy's own state (empty for the GA; CMA-ES mean, σ, paths, covariance)
 */
public record Checkpoint(long generation, long evaluations, double elapsedSeconds, double bestSoFar, int sinceGain,
                         List<Member> population, List<Member> hallOfFame, String resolvedConfig, String experiment,
                         Map<String, Object> strategy) {
    public static final int VERSION = 1;
    private static final String FORMAT = "blur-checkpoint";

    /** A genome with its fitness, the generation it was born in, and its per-task fitness (empty when unknown). */
    public record Member(double[] genes, double fitness, long born, double[] perTask) {
        public Member(double[] genes, double fitness, long born) {
            this(genes, fitness, born, new double[0]);
        }
    }

    public Checkpoint {
        population = List.copyOf(population);
        hallOfFame = List.copyOf(hallOfFame);
        strategy = strategy == null ? Map.of() : new LinkedHashMap<>(strategy);
    }

    /** Writes this checkpoint atomically into {@code dir} and removes all but the newest {@code keep}. */
    public Path write(Path dir, int keep) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("createdBy", "blur-evolve " + RunOutputs.version());
        m.put("java", System.getProperty("java.version"));
        m.put("generation", generation);
        m.put("evaluations", evaluations);
        m.put("elapsedSeconds", elapsedSeconds);
        m.put("bestSoFar", bestSoFar);
        m.put("sinceGain", sinceGain);
        m.put("population", population.stream().map(Checkpoint::member).toList());
        m.put("hallOfFame", hallOfFame.stream().map(Checkpoint::member).toList());
        m.put("config", resolvedConfig);
        m.put("experiment", experiment);
        m.put("strategy", strategy);
        Path file = dir.resolve(String.format("checkpoint-%06d.json", generation));
        GenomeFile.writeAtomically(file, Json.object(m) + "\n");
        List<Path> all = list(dir);
        for (int i = 0; i + keep < all.size(); i++) {
            Files.deleteIfExists(all.get(i));
        }
        return file;
    }

    private static Map<String, Object> member(Member x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("genes", x.genes());
        m.put("fitness", Double.isFinite(x.fitness()) ? x.fitness() : null);
        m.put("born", x.born());
        m.put("perTask", java.util.Arrays.stream(x.perTask()).mapToObj(v -> Double.isFinite(v) ? v : null).toList());
        return m;
    }

    /** Checkpoint files in a folder, oldest first. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+\\.json"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    /** The newest checkpoint in {@code dir}, or null when there is none. */
    public static Checkpoint latest(Path dir) throws IOException {
        List<Path> all = list(dir);
        return all.isEmpty() ? null : read(all.get(all.size() - 1));
    }

    /** Reads a checkpoint, refusing unknown formats and newer versions. */
    public static Checkpoint read(Path file) {
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)
                    .setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ConfigError(file + ": not a readable checkpoint (" + e.getMessage() + ")");
        }
        try {
            if (!FORMAT.equals(c.getString("format"))) {
                throw new ConfigError(file + ": format = \"" + c.getString("format") + "\", expected \"" + FORMAT + "\"");
            }
            int version = c.getInt("version");
            if (version < 1 || version > VERSION) {
                throw new ConfigError(file + ": version = " + version + ", this program reads checkpoint versions 1.."
                        + VERSION + "; resume it with the blur-evolve that wrote it (" + c.getString("createdBy") + ")");
            }
            return new Checkpoint(c.getLong("generation"), c.getLong("evaluations"), c.getDouble("elapsedSeconds"),
                    c.getIsNull("bestSoFar") ? Double.NEGATIVE_INFINITY : c.getDouble("bestSoFar"), c.getInt("sinceGain"),
                    members(c.getConfigList("population")), members(c.getConfigList("hallOfFame")), c.getString("config"),
                    c.hasPath("experiment") ? c.getString("experiment") : "(unknown)",
                    c.hasPath("strategy") ? c.getConfig("strategy").root().unwrapped() : Map.of());
        } catch (ConfigException e) {
            throw new ConfigError(file + ": " + e.getMessage());
        }
    }

    private static List<Member> members(List<? extends Config> list) {
        List<Member> out = new ArrayList<>();
        for (Config m : list) {
            double[] perTask = m.hasPath("perTask") ? m.getList("perTask").unwrapped().stream()
                    .mapToDouble(v -> v == null ? Double.NEGATIVE_INFINITY : ((Number) v).doubleValue()).toArray()
                    : new double[0];
            out.add(new Member(m.getDoubleList("genes").stream().mapToDouble(Double::doubleValue).toArray(),
                    m.getIsNull("fitness") ? Double.NEGATIVE_INFINITY : m.getDouble("fitness"), m.getLong("born"), perTask));
        }
        return out;
    }
}
