package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.blurevolve.BadInputException;
import org.blurevolve.driver.cli.BlurCli;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.run.EvolutionRun;
import org.blurevolve.driver.spark.SparkScorer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where executors read image data from: a Hadoop FileSystem URI ({@code file:} here; {@code hdfs:}
 * in the deploy module's HdfsDataIT), or a copy shipped with the application ({@code --ship-data}).
 * Both runs equal the run that reads the plain local path. A dataset file that fails its checksum
 * on an executor ends the run with one message naming the file, and leaves no run folder.
 */
@Tag("spark")
@Tag("data")
class DataLocationTest {
    private static final Path DATA = Path.of("..", "data").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path experiment(String name, String dataRoot) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, "blur { name = " + name + ", seed = 5, output-dir = \"" + dir.resolve("runs") + "\"\n"
                + "data-root = \"" + dataRoot + "\"\n"
                + "network.hidden = [8]\n"
                + "inner-loop { learning-steps = 4, query-batches = 2, batch = 32 }\n"
                + "tasks.meta-train = [{dataset = mnist, side = 7, classes = [0, 1]}]\n"
                + "tasks.meta-test = [{dataset = mnist, side = 7, classes = [2, 3]}]\n"
                + "evolution { population = 4, meta-test-every = 1 }\n"
                + "termination.generations = 1\n}\n");
        return conf;
    }

    @Test
    void aFileUriDataRootAndShippedDataEqualThePlainPathRun() throws Exception {
        assumeTrue(Files.isDirectory(DATA.resolve("mnist")), "run `deploy/bin/blur data fetch` first");
        assertEquals(0, BlurCli.run("evolve", experiment("plain", DATA.toString()).toString(), "--master", "local[2]"));
        assertEquals(0, BlurCli.run("evolve", experiment("uri", DATA.toUri().toString()).toString(), "--master", "local[2]"));
        assertEquals(0, BlurCli.run("evolve", experiment("shipped", DATA.toString()).toString(), "--master", "local[2]",
                "--ship-data"));
        List<String> plain = RunFolders.comparableMetrics(dir.resolve("runs/plain"));
        assertEquals(3, plain.size());
        assertEquals(plain, RunFolders.comparableMetrics(dir.resolve("runs/uri")));
        assertEquals(plain, RunFolders.comparableMetrics(dir.resolve("runs/shipped")));
        assertTrue(Files.readString(dir.resolve("runs/uri/config.conf")).contains("\"" + DATA.toUri().toString()
                .replaceFirst("/$", "") + "\""),
                "config.conf keeps the URI as written");
    }

    @Test
    void aChecksumMismatchOnAnExecutorIsOneMessageNamingTheFile() throws Exception {
        assumeTrue(Files.isDirectory(DATA.resolve("mnist")), "run `deploy/bin/blur data fetch` first");
        Path copy = Files.createDirectories(dir.resolve("data/mnist"));
        try (var files = Files.list(DATA.resolve("mnist"))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path sums = copy.resolve("SHA256SUMS");
        Files.writeString(sums, Files.readString(sums).replaceFirst("(?m)^[0-9a-f]{64}(?=  t10k-labels)", "0".repeat(64)));
        ExperimentConfig config = ExperimentLoader.load(experiment("bad", DATA.toString()), List.of());
        SparkConf conf = SparkScorer.configure(new SparkConf().setMaster("local[2]").setAppName("checksum"));
        // the driver reads the good folder; the executors are sent to the damaged copy (as when their
        // HDFS or shipped copy differs from the driver's)
        String damaged = copy.getParent().toUri() + "mnist";
        try (SparkScorer scorer = new SparkScorer(new JavaSparkContext(conf), config.plan().withFolders(d -> damaged),
                1, true)) {
            BadInputException e = assertThrows(BadInputException.class, () -> new EvolutionRun(config,
                    new PrintStream(new ByteArrayOutputStream())).start(scorer, List.of()));
            assertEquals(1, e.problems().size(), e.getMessage());
            assertTrue(e.getMessage().startsWith("on an executor: " + dir.resolve("data").toUri()
                    + "mnist/t10k-labels-idx1-ubyte.gz: SHA-256 is "), e.getMessage());
        }
        assertFalse(Files.exists(config.runDir()), "no run folder is left by a run that scored nothing");
    }
}
