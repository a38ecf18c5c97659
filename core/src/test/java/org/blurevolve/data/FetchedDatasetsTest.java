package org.blurevolve.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checks the datasets made by {@code blur data fetch} (CI fetches them before the tests; elsewhere
 * these tests are skipped until the data is there). Known-image checksums were computed
 * independently from the packages' source JSON (round(v·255) for mnist, the integers for
 * fashion-mnist) with Python's hashlib.
 */
@Tag("data")
class FetchedDatasetsTest {
    private static final Path ROOT = Path.of(System.getProperty("blur.data.root", "../data"));

    @Test
    void mnistHasTenThousandImagesInTheSourceClassProportions() throws Exception {
        ImageDataset.Splits s = splits("mnist");
        assertEquals(10_000, s.train().count() + s.test().count());
        int[] perClass = new int[10];
        count(s.train(), perClass);
        count(s.test(), perClass);
        assertEquals(1001, perClass[0]);
        assertEquals(1127, perClass[1]);
        assertEquals(863, perClass[5]);
        for (int c : perClass) {
            assertTrue(c >= 863 && c <= 1127);
        }
        assertTrue(contains(s.train(), 0, "2d1c3087ac5f2bed7c4d54a1b33bf75d09f479ee63c0df2e0a4378f6e7e9ae66"),
                "class 0, image 0 of the source JSON is in train (0 mod 7 ≠ 6)");
    }

    @Test
    void fashionMnistHasSixtyThousandTrainAndTenThousandTestBalanced() throws Exception {
        ImageDataset.Splits s = splits("fashion-mnist");
        assertEquals(60_000, s.train().count());
        assertEquals(10_000, s.test().count());
        int[] train = new int[10];
        int[] test = new int[10];
        count(s.train(), train);
        count(s.test(), test);
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, train[c]);
            assertEquals(1000, test[c]);
        }
        assertTrue(contains(s.test(), 3, "e66fd5b5d1ce047a1d05da6934012eebf861cee52eea9fcff9bda23d12c5f54e"),
                "class 3, image 6 of the source JSON is in test (6 mod 7 = 6)");
    }

    private static ImageDataset.Splits splits(String name) throws Exception {
        Path dir = ROOT.resolve(name);
        assumeTrue(DatasetFetcher.verified(dir), "run `deploy/bin/blur data fetch` first (" + dir + ")");
        return ImageDataset.Splits.read(dir);
    }

    private static void count(ImageDataset d, int[] perClass) {
        for (int i = 0; i < d.count(); i++) {
            perClass[d.label(i)]++;
        }
    }

    private static boolean contains(ImageDataset d, int label, String sha256) throws Exception {
        int size = d.rows() * d.cols();
        for (int i = 0; i < d.count(); i++) {
            if (d.label(i) == label) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update(d.pixels(), i * size, size);
                if (HexFormat.of().formatHex(md.digest()).equals(sha256)) {
                    return true;
                }
            }
        }
        return false;
    }
}
