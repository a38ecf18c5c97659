package org.blurevolve.genome;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GenomeTest {
    @Test
    void sizesFollowTheLayoutTable() {
        assertEquals(20, GenomeLayout.shared(2).length());
        assertEquals(68, GenomeLayout.shared(4).length());
        assertEquals(260, GenomeLayout.shared(8).length());
        assertEquals(1028, GenomeLayout.shared(16).length());
        GenomeLayout perLayer = new GenomeLayout(4, 3, List.of(OptionalScalar.NORM_SHIFT, OptionalScalar.OJA));
        assertEquals(3 * 68 + 2, perLayer.length());
        assertEquals(List.of(OptionalScalar.OJA, OptionalScalar.NORM_SHIFT), perLayer.scalars());
        assertEquals(3 * 68 + 1, perLayer.indexOf(OptionalScalar.NORM_SHIFT));
    }

    @Test
    void wrongLengthNamesTheExpectedLengthAndHowItIsComputed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Genome(GenomeLayout.shared(4), new double[67]));
        assertEquals("genome has 67 genes, expected 68 = 1 block(s) × (4·K²+4 = 68 for K=4) + 0 optional scalar(s) []",
                e.getMessage());
        double[] genes = new double[20];
        genes[3] = Double.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Genome(GenomeLayout.shared(2), genes))
                .getMessage().contains("gene 3 is NaN"));
    }

    @Test
    void blocksDecodeAtTheirOffsets() {
        double[] genes = new double[20];
        for (int i = 0; i < 20; i++) {
            genes[i] = i;
        }
        LayerRule r = new Genome(GenomeLayout.shared(2), genes).rule(5);
        assertArrayEquals(new double[] {0, 1, 2, 3}, r.phi());
        assertArrayEquals(new double[] {4, 5, 6, 7}, r.psi());
        assertEquals(8, r.keep());
        assertEquals(9, r.update());
        assertArrayEquals(new double[] {10, 11, 12, 13}, r.pre());
        assertArrayEquals(new double[] {14, 15, 16, 17}, r.post());
        assertEquals(18, r.synKeep());
        assertEquals(19, r.synUpdate());
    }

    @Test
    void randomGenomeHasTheDocumentedDefaultsAndIsSeeded() {
        Genome g = Genome.random(GenomeLayout.shared(4).withScalars(java.util.Set.of(OptionalScalar.NORM_SHIFT)), 3);
        LayerRule r = g.rule(0);
        assertEquals(1, r.keep());
        assertEquals(1, r.update());
        assertEquals(1, r.synKeep());
        assertEquals(-1e-3, r.synUpdate());
        assertEquals(0, g.scalar(OptionalScalar.NORM_SHIFT));
        assertEquals(g, Genome.random(g.layout(), 3));
        double sumSq = 0;
        for (double v : Genome.random(GenomeLayout.shared(16), 1).rule(0).phi()) {
            sumSq += v * v;
        }
        assertEquals(1.0, sumSq / 256, 0.3, "N(0,1) entries have unit variance");
    }
}
