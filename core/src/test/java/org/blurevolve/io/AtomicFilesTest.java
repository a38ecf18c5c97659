package org.blurevolve.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    /** Jimfs allocates in 8 KiB blocks; 64 KiB holds the old file but not a 1 MiB replacement. */
    private static final long DISK = 64 * 1024;

    private FileSystem fs;
    private Path dir;

    @BeforeEach
    void smallDisk() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").setMaxSize(DISK).build());
        dir = Files.createDirectories(fs.getPath("/runs/x/checkpoints"));
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @Test
    void aWriteThatDoesNotFitThrowsNamingTheFileKeepsTheOldContentAndLeavesNoTempFile() throws IOException {
        Path file = dir.resolve("checkpoint-000003.json");
        byte[] old = random(5_000, 1);
        AtomicFiles.write(file, old);

        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, random(1 << 20, 2)));

        assertTrue(e.getMessage().startsWith(file + ": cannot write ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); nothing was replaced"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file), "the previous content is byte-identical");
        assertEquals(List.of(file), list(dir), "no temp file is left beside the target");
    }

    @Test
    void aWriteThatDoesNotFitLeavesNoFileWhereThereWasNone() throws IOException {
        Path file = dir.resolve("new.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, random(1 << 20, 3)));
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aWriteThatFitsReplacesTheContentAndIsSharedReadOnly() throws IOException {
        Path file = dir.resolve("best-genome.json");
        AtomicFiles.write(file, random(20_000, 4));
        byte[] next = random(30_000, 5);

        AtomicFiles.write(file, next);

        assertArrayEquals(next, Files.readAllBytes(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void textIsWrittenAsUtf8AndMissingFoldersAreCreated() throws IOException {
        Path file = fs.getPath("relative/deeper/σ.txt");
        AtomicFiles.write(file, "σ = 0.5, η̃ = −1e-3\n");
        assertEquals("σ = 0.5, η̃ = −1e-3\n", Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyFileIsAValidWrite() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        AtomicFiles.write(file, "");
        assertEquals(0, Files.size(file));
    }

    @Test
    void aDirectoryInTheWayIsReportedAndLeftAlone() throws IOException {
        Path file = dir.resolve("taken");
        Files.createDirectories(file.resolve("inside"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, "x"));
        assertTrue(e.getMessage().startsWith(file + ": cannot write ("), e.getMessage());
        assertTrue(Files.isDirectory(file.resolve("inside")));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void onTheDefaultFileSystemTheResultIsSharedWhateverTheTempFileDefaults(@TempDir Path real) throws IOException {
        Path file = real.resolve("config.conf");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        AtomicFiles.write(file, "blur {}\n");

        assertEquals("blur {}\n", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of(file), list(real));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
