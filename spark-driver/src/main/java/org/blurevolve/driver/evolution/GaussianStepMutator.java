package org.blurevolve.driver.evolution;

import io.jenetics.DoubleGene;
import io.jenetics.Mutator;
import java.util.random.RandomGenerator;

/**
 * Mutates a gene by a N(0, σ²) step, clipped to the gene's range. Jenetics' own GaussianMutator
 * ties σ to the range width; evolving learning rules needs a σ of its own (conf
 * {@code evolution.mutation.sigma}). Immutable.
 */
public final class GaussianStepMutator extends Mutator<DoubleGene, Double> {
    private final double sigma;

    public GaussianStepMutator(double rate, double sigma) {
        super(rate);
        this.sigma = sigma;
    }

    @Override
    protected DoubleGene mutate(DoubleGene gene, RandomGenerator random) {
        double v = gene.doubleValue() + sigma * random.nextGaussian();
        return gene.newInstance(Math.max(gene.min(), Math.min(Math.nextDown(gene.max()), v)));
    }
}
