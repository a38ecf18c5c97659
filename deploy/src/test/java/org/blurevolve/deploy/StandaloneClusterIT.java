package org.blurevolve.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.blurevolve.driver.cli.BlurCli;
import org.blurevolve.genome.GenomeFile;
import org.blurevolve.io.JsonFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (master + 2 workers, authentication on, the secret in a
 * mode-600 file and on no command line, UI kills off), started with {@code deploy/bin/standalone-start};
 * experiments submitted with {@code deploy/bin/blur-submit} and the application jar; the same
 * experiments in local mode in this JVM. Metrics (but the timing columns) and the best genome must be
 * identical: for a synthetic run, for an MNIST run whose data is shipped with the application
 * ({@code --ship-data}), and for one whose data-root is an {@code hdfs://} folder of a real HDFS
 * (Hadoop's MiniDFSCluster in this JVM) that the executors read.
 */
@Tag("cluster")
class StandaloneClusterIT {
    private static final Path DATA = Scripts.ROOT.resolve("data");

    @TempDir
    static Path dir;

    private static Map<String, String> env;

    @BeforeAll
    static void startCluster() throws Exception {
        env = Map.of("BLUR_MASTER_PORT", Integer.toString(Scripts.freePort()),
                "BLUR_MASTER_UI_PORT", Integer.toString(Scripts.freePort()),
                "BLUR_STANDALONE_DIR", dir.resolve("standalone").toString());
        long start = System.nanoTime();
        Scripts.Result up = Scripts.run(dir, env, "deploy/bin/standalone-start", "--workers", "2", "--cores", "1",
                "--memory", "1200m", "--keep-app-data", "2");
        assertEquals(0, up.exit(), up.output());
        System.out.printf("standalone-start: %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Scripts.run(dir, env, "deploy/bin/standalone-stop");
    }

    @Test
    void submittedRunOnAStandaloneClusterEqualsTheLocalModeRun() throws Exception {
        String experiment = "blur { name = NAME, seed = 31, output-dir = \"" + dir.resolve("runs") + "\"\n"
                + "network.hidden = [16]\n"
                + "inner-loop { learning-steps = 8, query-batches = 3, batch = 64, replicas = 2 }\n"
                + "tasks.meta-train = [{family = random_xor, draws = 2}]\n"
                + "tasks.meta-test = [{family = circle}]\n"
                + "evolution { population = 12, meta-test-every = 2 }\n"
                + "termination.generations = 4\n}\n";
        Path clusterConf = Files.writeString(dir.resolve("cluster.conf"), experiment.replace("NAME", "cluster"));
        Path localConf = Files.writeString(dir.resolve("local.conf"), experiment.replace("NAME", "local"));
        Path properties = dir.resolve("standalone/cluster.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(properties)));
        String secret = Files.readAllLines(properties).stream().filter(l -> l.startsWith("spark.authenticate.secret="))
                .findFirst().orElseThrow().substring("spark.authenticate.secret=".length());
        assertTrue(secret.length() >= 32, "a real secret");
        assertEquals(405, Scripts.killStatus(env.get("BLUR_MASTER_UI_PORT")), "the master UI cannot kill applications");
        ArgvScanner scanner = new ArgvScanner(secret);
        scanner.start();
        Scripts.Result submitted;
        try {
            // spark-submit flags without a value, and "--" before the command; no spark-submit on the PATH
            submitted = Scripts.run(dir, env, "deploy/bin/blur-submit", "--verbose", "--driver-memory", "1100m", "--",
                    "evolve", clusterConf.toString());
        } finally {
            scanner.stop = true;
            scanner.join();
        }
        assertEquals(0, submitted.exit(), submitted.output());
        assertTrue(submitted.output().contains("scorer spark spark://127.0.0.1:"), submitted.output());
        assertEquals(List.of(), scanner.leaks, "no process's command line holds the cluster secret");
        assertTrue(scanner.executorsSeen > 0 && scanner.scans > 3, "the scan saw executors (" + scanner.executorsSeen
                + ") over " + scanner.scans + " scans");
        assertTrue(scanner.driverHeaps.contains("-Xmx1100m"), "--driver-memory is the driver's heap: " + scanner.driverHeaps);
        assertEquals(List.of("-Xmx1200M"), scanner.executorHeaps.stream().distinct().toList(),
                "executors take the worker's whole --memory");

        assertEquals(0, BlurCli.run("evolve", localConf.toString(), "--master", "local[2]"));
        Path cluster = dir.resolve("runs/cluster");
        Path local = dir.resolve("runs/local");
        assertEquals(columns(local), columns(cluster));
        assertArrayEquals(GenomeFile.read(local.resolve("best-genome.json")).get(0).genome().genes(),
                GenomeFile.read(cluster.resolve("best-genome.json")).get(0).genome().genes());
        assertEquals(createdBy(local), createdBy(cluster), "local and cluster runs name the same program version");
        assertAppFoldersCleaned();
    }

    @Test
    void mnistFromShippedDataAndFromHdfsEqualTheLocalRun() throws Exception {
        assumeTrue(Files.isDirectory(DATA.resolve("mnist")), "run `deploy/bin/blur data fetch` first");
        Path copy = copyOfMnist(dir.resolve("driver-only/mnist"));
        Configuration hadoop = new Configuration();
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(hadoop, dir.resolve("hdfs").toFile()).numDataNodes(1).build();
        try {
            hdfs.waitActive();
            hdfs.getFileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(DATA.resolve("mnist").toUri()),
                    new org.apache.hadoop.fs.Path("/datasets/mnist"));
            String hdfsRoot = "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/datasets";
            Scripts.Result shipped = Scripts.run(dir, env, "deploy/bin/blur-submit", "evolve",
                    mnist("shipped", copy.getParent().toString()).toString(), "--ship-data");
            assertEquals(0, shipped.exit(), shipped.output());
            Scripts.Result fromHdfs = Scripts.run(dir, env, "deploy/bin/blur-submit", "evolve",
                    mnist("hdfs", hdfsRoot).toString());
            assertEquals(0, fromHdfs.exit(), fromHdfs.output());
        } finally {
            hdfs.shutdown();
        }
        assertEquals(0, BlurCli.run("evolve", mnist("mnist-local", DATA.toString()).toString(), "--master", "local[2]"));
        List<String> local = columns(dir.resolve("runs/mnist-local"));
        assertEquals(local, columns(dir.resolve("runs/shipped")));
        assertEquals(local, columns(dir.resolve("runs/hdfs")));
    }

    /** A copy of the MNIST folder that only the driver is pointed at (executors get the shipped archive). */
    private static Path copyOfMnist(Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(DATA.resolve("mnist"))) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static Path mnist(String name, String dataRoot) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), "blur { name = " + name + ", seed = 8, output-dir = \""
                + dir.resolve("runs") + "\"\n"
                + "data-root = \"" + dataRoot + "\"\n"
                + "network.hidden = [8]\n"
                + "inner-loop { learning-steps = 4, query-batches = 2, batch = 32 }\n"
                + "tasks.meta-train = [{dataset = mnist, side = 7, classes = [0, 1]}]\n"
                + "tasks.meta-test = [{dataset = mnist, side = 7, classes = [2, 3]}]\n"
                + "evolution { population = 4, meta-test-every = 1 }\n"
                + "termination.generations = 1\n}\n");
    }

    /** Workers delete a finished application's folder (its jar copy, 100+ MB) after --keep-app-data seconds. */
    private static void assertAppFoldersCleaned() throws Exception {
        for (int i = 0; i < 100 && !appFolders().isEmpty(); i++) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), appFolders(), "finished applications' folders are removed");
    }

    private static List<Path> appFolders() throws IOException {
        try (Stream<Path> walk = Files.find(dir.resolve("standalone"), 2,
                (p, a) -> a.isDirectory() && p.getFileName().toString().startsWith("app-"))) {
            return walk.toList();
        }
    }

    private static String createdBy(Path run) throws IOException {
        return JsonFiles.mapper().readTree(run.resolve("provenance.json").toFile()).get("createdBy").asText();
    }

    private static List<String> columns(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(line -> {
            String[] c = line.split(",", -1);
            return String.join(",", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[10]);
        }).toList();
    }

    /** Reads every process's command line (Linux /proc) until stopped; records secrets and heaps seen. */
    private static final class ArgvScanner extends Thread {
        private final String secret;
        final List<String> leaks = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> driverHeaps = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> executorHeaps = new java.util.concurrent.CopyOnWriteArrayList<>();
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
                        List<String> argv;
                        try {
                            argv = List.of(new String(Files.readAllBytes(p.resolve("cmdline"))).split("\0"));
                        } catch (IOException gone) {
                            continue;
                        }
                        String line = String.join(" ", argv);
                        List<String> heaps = argv.stream().filter(a -> a.startsWith("-Xmx")).toList();
                        if (line.contains("CoarseGrainedExecutorBackend")) {
                            executorsSeen++;
                            executorHeaps.addAll(heaps);
                        } else if (line.contains("org.apache.spark.deploy.SparkSubmit")) {
                            driverHeaps.addAll(heaps);
                        }
                        if (line.contains(secret)) {
                            leaks.add(p.getFileName() + ": " + line.substring(0, Math.min(200, line.length())));
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
}
