package org.blurevolve.driver.evolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.util.RandomRegistry;
import java.util.SplittableRandom;
import org.blurevolve.driver.config.GeneBounds;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.junit.jupiter.api.Test;

/** The Jenetics codec: genes clipped into [min, max), decode(encode(g)) = clip(g), layouts checked. */
class GenomeCodecTest {
    private final GenomeLayout layout = GenomeLayout.shared(2);
    private final GenomeCodec codec = new GenomeCodec(layout, new GeneBounds(-1, 1));

    @Test
    void encodingClipsEveryGeneIntoTheHalfOpenRange() {
        double[] genes = Genome.random(layout, 5).genes();
        genes[0] = 7;
        genes[1] = -7;
        genes[2] = 1.0;
        genes[3] = 0.25;
        Genome clipped = codec.clip(new Genome(layout, genes));
        assertEquals(Math.nextDown(1.0), clipped.genes()[0]);
        assertEquals(-1.0, clipped.genes()[1]);
        assertEquals(Math.nextDown(1.0), clipped.genes()[2], "max itself is outside [min, max)");
        assertEquals(0.25, clipped.genes()[3]);
        for (double g : clipped.genes()) {
            assertTrue(g >= -1 && g < 1);
        }
    }

    @Test
    void decodeOfEncodeKeepsGenesInsideTheRangeBitForBit() {
        double[] genes = new double[layout.length()];
        for (int i = 0; i < genes.length; i++) {
            genes[i] = -0.9 + 1.8 * i / genes.length + 1e-13;
        }
        Genotype<DoubleGene> gt = codec.encode(new Genome(layout, genes));
        assertArrayEquals(genes, codec.decode(gt).genes(), 0.0);
    }

    @Test
    void newGenotypesAreRandomGenomesInsideTheBoundsReproducibleFromTheRegistry() {
        Genome a = RandomRegistry.with(new SplittableRandom(3), r -> codec.decode(codec.encoding().newInstance()));
        Genome b = RandomRegistry.with(new SplittableRandom(3), r -> codec.decode(codec.encoding().newInstance()));
        assertEquals(a, b);
        assertEquals(layout, a.layout());
    }

    @Test
    void aGenomeOfAnotherLayoutIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> codec.encode(Genome.random(GenomeLayout.shared(3), 1)));
    }
}
