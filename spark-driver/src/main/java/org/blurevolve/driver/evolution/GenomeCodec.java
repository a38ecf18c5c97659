package org.blurevolve.driver.evolution;

import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.engine.InvertibleCodec;
import io.jenetics.util.Factory;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.util.function.Function;
import org.blurevolve.driver.config.GeneBounds;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;

/**
 * The Jenetics codec of a run's genomes: one DoubleChromosome, gene i = flat gene i, every gene in
 * the run's {@link GeneBounds}. Encoding clips a genome into the bounds; new genotypes are random
 * genomes (docs/model.md §2) drawn from Jenetics' random registry. Immutable.
 */
public final class GenomeCodec implements InvertibleCodec<Genome, DoubleGene> {
    private final GenomeLayout layout;
    private final GeneBounds bounds;

    public GenomeCodec(GenomeLayout layout, GeneBounds bounds) {
        this.layout = layout;
        this.bounds = bounds;
    }

    @Override
    public Factory<Genotype<DoubleGene>> encoding() {
        return () -> encode(Genome.random(layout, RandomRegistry.random().nextLong()));
    }

    @Override
    public Function<Genotype<DoubleGene>, Genome> decoder() {
        return gt -> new Genome(layout, gt.chromosome().as(DoubleChromosome.class).toArray());
    }

    @Override
    public Function<Genome, Genotype<DoubleGene>> encoder() {
        return genome -> {
            if (!genome.layout().equals(layout)) {
                throw new IllegalArgumentException("genome layout " + genome.layout() + " is not the run's " + layout);
            }
            double[] genes = genome.genes();
            DoubleGene[] out = new DoubleGene[genes.length];
            for (int i = 0; i < genes.length; i++) {
                out[i] = DoubleGene.of(bounds.clip(genes[i]), bounds.min(), bounds.max());
            }
            return Genotype.of(DoubleChromosome.of(ISeq.of(out)));
        };
    }

    /** {@code genome} with every gene clipped into the bounds. */
    public Genome clip(Genome genome) {
        return decode(encode(genome));
    }
}
