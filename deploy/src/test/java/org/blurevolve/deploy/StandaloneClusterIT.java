package org.blurevolve.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.blurevolve.driver.cli.BlurCli;
import org.blurevolve.genome.GenomeFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (master + 2 workers, authentication on, the secret in a
 * mode-600 file and on no command line, UI kills off), started
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
            Path properties = dir.resolve("standalone/cluster.properties");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(properties)));
            String secret = Files.readAllLines(properties).stream().filter(l -> l.startsWith("spark.authenticate.secret="))
                    .findFirst().orElseThrow().substring("spark.authenticate.secret=".length());
            assertTrue(secret.length() >= 32, "a real secret");
            assertEquals(405, killStatus(env.get("BLUR_MASTER_UI_PORT")), "the master UI cannot kill applications");
            ArgvScanner scanner = new ArgvScanner(secret);
            scanner.start();
            String submitted;
            try {
                submitted = run(env, "deploy/bin/blur-submit", "evolve", clusterConf.toString());
            } finally {
                scanner.stop = true;
                scanner.join();
            }
            assertTrue(submitted.contains("scorer spark spark://127.0.0.1:"), submitted);
            assertEquals(List.of(), scanner.leaks, "no process's command line holds the cluster secret");
            assertTrue(scanner.executorsSeen > 0 && scanner.scans > 3, "the scan saw executors (" + scanner.executorsSeen
                    + ") over " + scanner.scans + " scans");
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

    /** The status of a kill request to the master UI (302 when kills are enabled, 405 when off). */
    private static int killStatus(String uiPort) throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create("http://127.0.0.1:" + uiPort
                + "/app/kill/?id=app-none&terminate=true").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setInstanceFollowRedirects(false);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    /** Reads every process's command line (Linux /proc) until stopped; records those holding the secret. */
    private static final class ArgvScanner extends Thread {
        private final String secret;
        final List<String> leaks = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean stop;
        volatile int scans;
        volatile int executorsSeen;

        ArgvScanner(String secret) {
            this.secret = secret;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop) {
                try (var procs = Files.list(Path.of("/proc"))) {
                    for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                        String argv;
                        try {
                            argv = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                        } catch (IOException gone) {
                            continue;
                        }
                        executorsSeen += argv.contains("CoarseGrainedExecutorBackend") ? 1 : 0;
                        if (argv.contains(secret)) {
                            leaks.add(p.getFileName() + ": " + argv.substring(0, Math.min(200, argv.length())));
                        }
                    }
                    scans++;
                    Thread.sleep(200);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }
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
