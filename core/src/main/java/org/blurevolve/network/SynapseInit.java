package org.blurevolve.network;

import java.util.SplittableRandom;

/**
 * The initial synapses of one replica (docs/model.md §4), drawn from a seed in a fixed order so that a run
 * is reproducible on any machine: for each layer, F entries in (i, j, c) order, then, for ASYMMETRIC
 * synapses only, G entries in (j, i, c) order; each U(−1,1)·s. SYMMETRIC sets G := F[0:n]ᵀ and
 * SINGLE_STATE copies channel 0 into every channel. Arrays use the spec layout of {@link Synapses}.
 */
public final class SynapseInit {
    private SynapseInit() {
    }

    /** Draws all layers' synapses for {@code spec} from {@code seed}. */
    public static Synapses draw(NetworkSpec spec, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int k = spec.k();
        double[][] f = new double[spec.layers()][];
        double[][] g = new double[spec.layers()][];
        for (int l = 0; l < spec.layers(); l++) {
            int nIn = spec.size(l);
            int nOut = spec.size(l + 1);
            double s = spec.initScale().scale(nIn, nOut);
            f[l] = uniform(rng, (nIn + 1) * nOut * k, s);
            g[l] = spec.symmetry() == SynapseSymmetry.ASYMMETRIC
                    ? uniform(rng, nOut * nIn * k, s)
                    : Synapses.transposeForward(f[l], nIn, nOut, k);
            if (spec.synapseStates() == SynapseStates.SINGLE_STATE) {
                copyChannelZero(f[l], k);
                copyChannelZero(g[l], k);
            }
        }
        return new Synapses(spec.sizes(), k, f, g);
    }

    private static double[] uniform(SplittableRandom rng, int length, double scale) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = (2 * rng.nextDouble() - 1) * scale;
        }
        return out;
    }

    private static void copyChannelZero(double[] spec, int k) {
        for (int i = 0; i < spec.length; i += k) {
            for (int c = 1; c < k; c++) {
                spec[i + c] = spec[i];
            }
        }
    }
}
