package org.blurevolve.network;

import java.util.SplittableRandom;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.genome.OptionalScalar;

/** Shared test inputs: seeded random batches and genomes whose rates make every term matter. */
public final class NetworkFixtures {
    private NetworkFixtures() {
    }

    /** Uniform values in [−1, 1) from a seed. */
    public static double[] uniform(long seed, int length) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = 2 * rng.nextDouble() - 1;
        }
        return out;
    }

    /** One-hot ±1 targets for B samples over {@code classes} outputs, labels drawn from a seed. */
    public static double[] oneHotTargets(long seed, int batch, int classes) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] t = new double[batch * classes];
        for (int b = 0; b < batch; b++) {
            int label = rng.nextInt(classes);
            for (int j = 0; j < classes; j++) {
                t[b * classes + j] = j == label ? 1 : -1;
            }
        }
        return t;
    }

    /**
     * A random genome for {@code spec} with gates and rates moved off their defaults so that every
     * term of the update is exercised: f = 0.8, η = 0.7, f~ = 0.9, η~ = 0.05, and distinct scalars.
     */
    public static Genome exercisingGenome(NetworkSpec spec, boolean perLayer, long seed) {
        GenomeLayout layout = spec.genomeLayout(perLayer);
        double[] genes = Genome.random(layout, seed).genes();
        int kk = layout.k() * layout.k();
        for (int b = 0; b < layout.blocks(); b++) {
            int off = b * layout.blockLength();
            genes[off + 2 * kk] = 0.8 - 0.05 * b;
            genes[off + 2 * kk + 1] = 0.7 + 0.05 * b;
            genes[off + 4 * kk + 2] = 0.9;
            genes[off + 4 * kk + 3] = 0.05;
            for (int i = 0; i < 4 * kk + 4; i++) {
                if (i < 2 * kk || (i >= 2 * kk + 2 && i < 4 * kk + 2)) {
                    genes[off + i] *= 0.6;
                }
            }
        }
        double[] scalarValues = {0.5, 0.3, 1.7, 1.3, 0.2};
        for (OptionalScalar s : layout.scalars()) {
            genes[layout.indexOf(s)] = scalarValues[s.ordinal()];
        }
        return new Genome(layout, genes);
    }
}
