package org.blurevolve.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsPlainAndGzipped() throws IOException {
        byte[] payload = new byte[2 * 3 * 4];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 11);
        }
        IdxFile idx = new IdxFile(new int[] {2, 3, 4}, payload);
        for (String name : new String[] {"a-idx3-ubyte", "a-idx3-ubyte.gz"}) {
            idx.write(dir.resolve(name));
            IdxFile back = IdxFile.read(dir.resolve(name));
            assertArrayEquals(new int[] {2, 3, 4}, back.dims());
            assertArrayEquals(payload, back.payload());
        }
        byte[] raw = Files.readAllBytes(dir.resolve("a-idx3-ubyte"));
        assertArrayEquals(new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4}, Arrays.copyOf(raw, 16));
    }

    @Test
    void truncatedFileNamesTheFileAndTheShortfall() throws IOException {
        new IdxFile(new int[] {10}, new byte[10]).write(dir.resolve("labels"));
        byte[] raw = Files.readAllBytes(dir.resolve("labels"));
        Files.write(dir.resolve("labels"), Arrays.copyOf(raw, raw.length - 3));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFile.read(dir.resolve("labels")));
        assertTrue(e.getMessage().contains("labels") && e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("need 10") && e.getMessage().contains("has 7"), e.getMessage());
    }

    @Test
    void badMagicAndMissingAndCorruptGzipAreClearErrors() throws IOException {
        Files.write(dir.resolve("bad"), new byte[] {1, 2, 3, 4, 5});
        assertTrue(assertThrows(DataFormatException.class, () -> IdxFile.read(dir.resolve("bad")))
                .getMessage().contains("bad IDX magic number"));
        assertTrue(assertThrows(DataFormatException.class, () -> IdxFile.read(dir.resolve("nope")))
                .getMessage().contains("file not found"));
        Files.write(dir.resolve("x.gz"), new byte[] {31, -117, 8, 0, 1});
        assertTrue(assertThrows(DataFormatException.class, () -> IdxFile.read(dir.resolve("x.gz")))
                .getMessage().contains("x.gz"));
    }

    @Test
    void imagesAndLabelsMustAgree() throws IOException {
        new IdxFile(new int[] {2, 2, 2}, new byte[8]).write(dir.resolve("img"));
        new IdxFile(new int[] {3}, new byte[3]).write(dir.resolve("lab"));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageDataset.read(dir.resolve("img"), dir.resolve("lab")));
        assertEquals(dir.resolve("lab") + ": 3 labels but " + dir.resolve("img") + " has 2 images", e.getMessage());
    }
}
