package org.blurevolve.network;

import java.util.List;

/**
 * Synapse values of a whole network in the spec layout of docs/model.md §1: F^l as (n_l+1)×n_{l+1}×K
 * and G^l as n_{l+1}×n_l×K, row-major, flattened. Used to set, read, trace and compare synapses;
 * the network's own storage is channel-first and lives off-heap. Arrays are owned by this value.
 *
 * @param sizes   layer sizes n_0..n_L
 * @param k       channels
 * @param forward F^l per layer
 * @param backward G^l per layer
 */
public record Synapses(List<Integer> sizes, int k, double[][] forward, double[][] backward) {

    public Synapses {
        sizes = List.copyOf(sizes);
        for (int l = 0; l + 1 < sizes.size(); l++) {
            int nIn = sizes.get(l);
            int nOut = sizes.get(l + 1);
            if (forward[l].length != (nIn + 1) * nOut * k || backward[l].length != nOut * nIn * k) {
                throw new IllegalArgumentException("synapse layer " + l + " has the wrong size for "
                        + sizes + " and K=" + k);
            }
        }
    }

    /** F^l[i, j, c]. */
    public double f(int l, int i, int j, int c) {
        return forward[l][(i * sizes.get(l + 1) + j) * k + c];
    }

    /** G^l[j, i, c]. */
    public double g(int l, int j, int i, int c) {
        return backward[l][(j * sizes.get(l) + i) * k + c];
    }

    /** G-layout transpose of F[0:n]: out[j, i, c] = F[i, j, c]. */
    static double[] transposeForward(double[] f, int nIn, int nOut, int k) {
        double[] g = new double[nOut * nIn * k];
        for (int i = 0; i < nIn; i++) {
            for (int j = 0; j < nOut; j++) {
                for (int c = 0; c < k; c++) {
                    g[(j * nIn + i) * k + c] = f[(i * nOut + j) * k + c];
                }
            }
        }
        return g;
    }
}
