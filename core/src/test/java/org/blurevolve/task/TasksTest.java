package org.blurevolve.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.blurevolve.data.ImageDataset;
import org.junit.jupiter.api.Test;

class TasksTest {
    @Test
    void fixedFamiliesLabelKnownPoints() {
        PointTask xor = SyntheticTasks.make("xor", 1, 0, 0);
        assertEquals(1, xor.labelOf(new double[] {0.5, 0.5}));
        assertEquals(1, xor.labelOf(new double[] {-0.5, -0.1}));
        assertEquals(0, xor.labelOf(new double[] {-0.5, 0.1}));
        assertEquals(1, SyntheticTasks.make("nxor", 1, 0, 0).labelOf(new double[] {-0.5, 0.1}));
        assertEquals(1, SyntheticTasks.make("or", 1, 0, 0).labelOf(new double[] {-0.5, 0.1}));
        assertEquals(0, SyntheticTasks.make("and", 1, 0, 0).labelOf(new double[] {-0.5, 0.1}));
        PointTask triangle = SyntheticTasks.make("triangle", 1, 0, 0);
        assertEquals(1, triangle.labelOf(new double[] {0, 0}));
        assertEquals(0, triangle.labelOf(new double[] {0, -0.6}));
        assertEquals(0, triangle.labelOf(new double[] {0.9, 0.9}));
        assertEquals(1, SyntheticTasks.make("parity", 1, 3, 0).labelOf(new double[] {-1, -1, 1}));
        assertEquals(0, SyntheticTasks.make("parity", 1, 3, 0).labelOf(new double[] {-1, 1, 1}));
        assertEquals(1, SyntheticTasks.make("majority", 1, 3, 0).labelOf(new double[] {-1, 1, 1}));
    }

    @Test
    void parametrisedShapesLabelKnownPoints() {
        PointTask circle = SyntheticTasks.circle("c", 1, 0.5, 0.5, 0.3);
        assertEquals(1, circle.labelOf(new double[] {0.6, 0.6}));
        assertEquals(0, circle.labelOf(new double[] {0.1, 0.5}));
        PointTask square = SyntheticTasks.square("s", 1, 0, 0, 0.5, Math.PI / 4);
        assertEquals(1, square.labelOf(new double[] {0.6, 0}), "(0.6,0) rotated by 45° has Chebyshev norm 0.42");
        assertEquals(0, square.labelOf(new double[] {0.45, 0.45}), "(0.45,0.45) rotated lies at 0.64 on one axis");
        PointTask cross = SyntheticTasks.cross("x", 1, 0.2);
        assertEquals(1, cross.labelOf(new double[] {0.1, 0.9}));
        assertEquals(0, cross.labelOf(new double[] {0.3, 0.9}));
    }

    @Test
    void familyDrawsDifferAndRepeat() {
        PointTask a = SyntheticTasks.make("random_xor", 2, 0, 1);
        PointTask b = SyntheticTasks.make("random_xor", 2, 0, 2);
        Episode e1 = a.episode(9, 16, 2, 2);
        Episode e2 = SyntheticTasks.make("random_xor", 2, 0, 1).episode(9, 16, 2, 2);
        assertArrayEquals(e1.support().get(1).targets(), e2.support().get(1).targets());
        assertNotEquals(a.name(), b.name());
        int differ = 0;
        for (int i = 0; i < 200; i++) {
            double[] p = {Math.sin(i), Math.cos(3 * i)};
            differ += a.labelOf(p) != b.labelOf(p) ? 1 : 0;
        }
        assertTrue(differ > 10, "two draws of random_xor disagree on " + differ + "/200 points");
        for (String family : SyntheticTasks.FAMILIES) {
            Episode e = SyntheticTasks.make(family, 2, 4, 3).episode(1, 8, 1, 1);
            for (double v : e.support().get(0).inputs()) {
                assertTrue(v >= -1 && v <= 1, family);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SyntheticTasks.make("spiral", 1, 0, 0));
    }

    @Test
    void imageTaskQueryNeverOverlapsSupportAndIsDeterministic() {
        int n = 120;
        byte[] pixels = new byte[n * 4 * 4];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 3);
            pixels[i * 16] = (byte) i;
            pixels[i * 16 + 1] = (byte) (i >> 8);
        }
        ImageDataset d = new ImageDataset("toy", 4, 4, pixels, labels);
        ImageDataset.Splits splits = new ImageDataset.Splits(d, d);
        ImageTask task = new ImageTask("toy", splits, 4, List.of(0, 1, 2), ImageTask.QuerySplit.VALIDATION);
        assertArrayEquals(new int[] {100, 20}, task.poolSizes(), "the last sixth of train is validation");
        Episode e = task.episode(5, 10, 12, 2);
        Set<Double> supportIds = new HashSet<>();
        e.support().forEach(b -> ids(b, supportIds));
        Set<Double> queryIds = new HashSet<>();
        e.query().forEach(b -> ids(b, queryIds));
        queryIds.retainAll(supportIds);
        assertTrue(queryIds.isEmpty(), "query images also in support: " + queryIds);
        assertArrayEquals(e.query().get(1).inputs(), task.episode(5, 10, 12, 2).query().get(1).inputs());
        assertFalse(java.util.Arrays.equals(e.query().get(1).inputs(), task.episode(6, 10, 12, 2).query().get(1).inputs()));
    }

    private static void ids(Batch b, Set<Double> out) {
        for (int s = 0; s < b.size(); s++) {
            out.add(Math.rint(b.inputs()[s * 16] * 255) + 256 * Math.rint(b.inputs()[s * 16 + 1] * 255));
        }
    }
}
