package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.blurevolve.driver.cli.BlurCli;
import org.blurevolve.driver.run.Checkpoint;
import org.blurevolve.driver.run.CheckpointStore;
import org.blurevolve.genome.GenomeFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on a real file system that fills up (a 160 KB tmpfs, mounted when the test may mount one):
 * the program stops with exit code 3 and one line, every file left is whole (no temp files, every
 * checkpoint and genome file reads back), and the run resumed elsewhere ends exactly as a run that
 * never stopped.
 */
class FullDiskTest {
    @TempDir
    Path dir;

    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private boolean mountTmpfs(Path at, String size) throws Exception {
        Files.createDirectories(at);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (ok) {
            mount = at;
        }
        return ok;
    }

    private Path experiment(String name, Path output, int generations) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, "blur { name = " + name + ", seed = 5, output-dir = \"" + output + "\"\n"
                + "network.hidden = [6]\n"
                + "inner-loop { learning-steps = 3, query-batches = 1, batch = 16 }\n"
                + "tasks.meta-train = [{family = random_xor}]\n"
                + "evolution { population = 8, elites = 1, hall-of-fame = 40 }\n"
                + "termination.generations = " + generations + "\n}\n");
        return conf;
    }

    @Test
    void aFullDiskStopsTheRunWithExitCodeThreeAndLosesNothing() throws Exception {
        Path small = dir.resolve("small");
        assumeTrue(mountTmpfs(small, "160k"), "cannot mount a tmpfs here (needs root)");
        int generations = 40;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        int code;
        try {
            System.setErr(new PrintStream(err, true));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
            code = BlurCli.run("evolve", experiment("full", small, generations).toString(), "--in-process");
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        String message = err.toString();
        assertEquals(3, code, "exit code of an I/O failure; stderr:\n" + message);
        assertTrue(message.startsWith("I/O error: ") && message.strip().lines().count() == 1, message);
        assertFalse(message.contains("\tat "), "no stack trace");
        Path run = small.resolve("full");
        try (Stream<Path> files = Files.walk(run)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temp files left");
        }
        List<Path> checkpoints = CheckpointStore.list(run.resolve("checkpoints"));
        assertFalse(checkpoints.isEmpty());
        for (Path cp : checkpoints) {
            Checkpoint.read(cp);
        }
        GenomeFile.read(run.resolve("best-genome.json"));
        GenomeFile.read(run.resolve("hall-of-fame.json"));
        long stoppedAfter = Checkpoint.read(checkpoints.get(checkpoints.size() - 1)).state().generation();
        assertTrue(stoppedAfter < generations, "the disk filled before the end (after " + stoppedAfter + ")");

        Path moved = dir.resolve("moved");
        copy(run, moved.resolve("full"));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        try {
            System.setOut(quiet);
            assertEquals(0, BlurCli.run("resume", moved.resolve("full").toString(), "--in-process"));
            assertEquals(0, BlurCli.run("evolve", experiment("full", dir.resolve("whole"), generations).toString(),
                    "--in-process"));
        } finally {
            System.setOut(oldOut);
        }
        assertEquals(RunFolders.comparableMetrics(dir.resolve("whole/full")), RunFolders.comparableMetrics(moved.resolve("full")));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
