package org.blurevolve.driver.evolution;

import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.util.ISeq;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;

/** Converts between core genomes and Jenetics genotypes: one DoubleChromosome, gene i = flat gene i. */
public final class GenomeCodec {
    private GenomeCodec() {
    }

    /** A genotype holding {@code genes}, each clipped into [min, max). */
    public static Genotype<DoubleGene> genotype(double[] genes, double min, double max) {
        DoubleGene[] out = new DoubleGene[genes.length];
        for (int i = 0; i < genes.length; i++) {
            double v = Math.max(min, Math.min(Math.nextDown(max), genes[i]));
            out[i] = DoubleGene.of(v, min, max);
        }
        return Genotype.of(DoubleChromosome.of(ISeq.of(out)));
    }

    /** The flat gene vector of a genotype. */
    public static double[] genes(Genotype<DoubleGene> genotype) {
        return genotype.chromosome().as(DoubleChromosome.class).toArray();
    }

    /** The core genome of a genotype. */
    public static Genome genome(Genotype<DoubleGene> genotype, GenomeLayout layout) {
        return new Genome(layout, genes(genotype));
    }
}
