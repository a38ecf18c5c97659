package org.blurevolve.driver.output;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.blurevolve.driver.config.ExperimentConfig;

/**
 * Where a file the program writes came from: program version ({@code program}) and git commit ({@code build}) (from the build), Java
 * version, run name, seed and experiment file. Written into every genome, checkpoint and metrics file.
 * Immutable.
 */
public record Provenance(String program, String build, String java, String run, long seed, int seedScheme,
                         String experiment) {
    private static final Properties BUILD = loadBuild();

    /** The provenance of files written for {@code config} by this program. */
    public static Provenance of(ExperimentConfig config) {
        return new Provenance(programVersion(), gitCommit(), System.getProperty("java.version"), config.name(),
                config.seeds().seed(), config.seeds().scheme(), config.source());
    }

    /**
     * The program version, e.g. {@code 0.2.0-SNAPSHOT}: from the build's properties, else from the
     * jar manifest's {@code Implementation-Version} (the driver jar and the application jar carry
     * both, so local and cluster runs record the same), else {@code dev} outside a build.
     */
    public static String programVersion() {
        String manifest = Provenance.class.getPackage().getImplementationVersion();
        return filled("version", manifest != null ? manifest : "dev");
    }

    /** The git commit the program was built from (with {@code -dirty} for uncommitted changes), or {@code unknown}. */
    public static String gitCommit() {
        String commit = filled("commit", "unknown");
        return "true".equals(filled("dirty", "false")) ? commit + "-dirty" : commit;
    }

    /** As a map for JSON, with {@code extra} keys (e.g. generation, fitness) and the time of writing. */
    public Map<String, Object> asMap(Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("createdBy", "blur-evolve " + program);
        m.put("commit", build);
        m.put("java", java);
        m.put("run", run);
        m.put("seed", seed);
        m.put("seedScheme", seedScheme);
        m.put("experiment", experiment);
        m.putAll(extra);
        m.put("createdAt", Instant.now().toString());
        return m;
    }

    private static String filled(String key, String fallback) {
        String v = BUILD.getProperty(key);
        return v == null || v.isBlank() || v.startsWith("${") ? fallback : v;
    }

    private static Properties loadBuild() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/blur-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no build information: version() and commit() say so
        }
        return p;
    }
}
