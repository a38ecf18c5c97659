package org.blurevolve.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset folder's {@code SHA256SUMS} is checked on every read; each problem names the file. */
class DatasetChecksumTest {
    private static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    @TempDir
    Path dir;

    @BeforeEach
    void smallDatasetWithChecksums() throws IOException {
        for (String split : new String[] {"train", "t10k"}) {
            new IdxFile(new int[] {3, 2, 2}, new byte[12]).write(dir.resolve(split + "-images-idx3-ubyte.gz"));
            new IdxFile(new int[] {3}, new byte[] {0, 1, 2}).write(dir.resolve(split + "-labels-idx1-ubyte.gz"));
        }
        List<String> sums = new ArrayList<>();
        for (String f : FILES) {
            sums.add(DatasetFetcher.sha256(dir.resolve(f)) + "  " + f);
        }
        Files.write(dir.resolve("SHA256SUMS"), sums);
    }

    @Test
    void aFolderWhoseFilesMatchTheirChecksumsReads() {
        assertEquals(3, ImageDataset.Splits.read(dir).train().count());
    }

    @Test
    void aChangedFileIsRefusedNamingTheFileAndBothChecksums() throws IOException {
        new IdxFile(new int[] {3}, new byte[] {2, 1, 0}).write(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        String expected = Files.readAllLines(dir.resolve("SHA256SUMS")).get(3).substring(0, 64);
        String message = assertThrows(DataFormatException.class, () -> ImageDataset.Splits.read(dir)).getMessage();
        assertEquals(dir + "/t10k-labels-idx1-ubyte.gz: SHA-256 is "
                + DatasetFetcher.sha256(dir.resolve("t10k-labels-idx1-ubyte.gz")) + " but SHA256SUMS lists " + expected
                + "; the file is damaged or was changed: fetch the dataset again (blur data fetch) and copy the whole"
                + " folder again", message);
    }

    @Test
    void aFileTheChecksumsDoNotListIsRefused() throws IOException {
        Files.write(dir.resolve("SHA256SUMS"), Files.readAllLines(dir.resolve("SHA256SUMS")).subList(0, 3));
        assertEquals(dir + "/SHA256SUMS: does not list t10k-labels-idx1-ubyte.gz; add its SHA-256 line (sha256sum"
                + " t10k-labels-idx1-ubyte.gz) or remove SHA256SUMS",
                assertThrows(DataFormatException.class, () -> ImageDataset.Splits.read(dir)).getMessage());
    }

    @Test
    void aMalformedChecksumLineIsRefusedWithItsLineNumber() throws IOException {
        Files.writeString(dir.resolve("SHA256SUMS"), "abc  train-images-idx3-ubyte.gz\n");
        assertEquals(dir + "/SHA256SUMS: line 1 \"abc  train-images-idx3-ubyte.gz\" is not \"SHA256  FILE\"; fetch the"
                + " dataset again (blur data fetch) or delete the line",
                assertThrows(DataFormatException.class, () -> ImageDataset.Splits.read(dir)).getMessage());
    }

    @Test
    void aFolderWithoutChecksumsIsReadUnchecked() throws IOException {
        Files.delete(dir.resolve("SHA256SUMS"));
        assertEquals(3, ImageDataset.Splits.read(dir).test().count());
    }
}
