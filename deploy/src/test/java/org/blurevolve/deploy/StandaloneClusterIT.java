package org.blurevolve.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.blurevolve.driver.cli.BlurCli;
import org.blurevolve.genome.GenomeFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (master + 2 workers, authentication on), started
 * with {@code deploy/bin/standalone-start}; a short evolution submitted with
 * {@code deploy/bin/blur-submit} and the application jar; the same experiment in local mode in this
 * JVM. Metrics (but the timing columns) and the best genome must be identical.
 */
@Tag("cluster")
class StandaloneClusterIT {
    private static final Path ROOT = Path.of(System.getProperty("blur.root")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void submittedRunOnAStandaloneClusterEqualsTheLocalModeRun() throws Exception {
        String experiment = "blur { name = NAME, seed = 31, output-dir = \"" + dir.resolve("runs") + "\"\n"
                + "network.hidden = [16]\n"
                + "inner-loop { learning-steps = 8, query-batches = 3, batch = 64, replicas = 2 }\n"
                + "tasks.meta-train = [{family = random_xor, draws = 2}]\n"
                + "tasks.meta-test = [{family = circle}]\n"
                + "evolution { population = 12, meta-test-every = 2 }\n"
                + "termination.generations = 4\n}\n";
        Path clusterConf = dir.resolve("cluster.conf");
        Path localConf = dir.resolve("local.conf");
        Files.writeString(clusterConf, experiment.replace("NAME", "cluster"));
        Files.writeString(localConf, experiment.replace("NAME", "local"));
        Map<String, String> env = Map.of("BLUR_MASTER_PORT", Integer.toString(freePort()),
                "BLUR_MASTER_UI_PORT", Integer.toString(freePort()),
                "BLUR_STANDALONE_DIR", dir.resolve("standalone").toString());
        try {
            run(env, "deploy/bin/standalone-start", "--workers", "2", "--cores", "1", "--memory", "1g");
            String submitted = run(env, "deploy/bin/blur-submit", "evolve", clusterConf.toString());
            assertTrue(submitted.contains("scorer spark spark://127.0.0.1:"), submitted);
        } finally {
            run(env, "deploy/bin/standalone-stop");
        }
        assertEquals(0, BlurCli.run("evolve", localConf.toString(), "--master", "local[2]"));
        Path cluster = dir.resolve("runs/cluster");
        Path local = dir.resolve("runs/local");
        assertEquals(columns(local), columns(cluster));
        assertArrayEquals(GenomeFile.read(local.resolve("best-genome.json")).get(0).genome().genes(),
                GenomeFile.read(cluster.resolve("best-genome.json")).get(0).genome().genes());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.command().set(0, ROOT.resolve(command[0]).toString());
        pb.environment().putAll(env);
        Path log = Files.createTempFile(dir, "cmd", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    private static List<String> columns(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(line -> {
            String[] c = line.split(",", -1);
            return String.join(",", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[10]);
        }).toList();
    }
}
