package org.blurevolve.gradient;

/**
 * What one inner step of one replica reads from the previous one (docs/model.md §3): the synapses
 * F^l, G^l (G null when implicit), the neuron states a^l of layers 1..L (index 0 unused; read only
 * when zeroNeurons is off) and, with SUPPORT activation statistics (§5), the sums of the learning
 * steps' forward batch means and variances per layer l ≥ 1 (index c·n_l + j) and their count. The
 * arrays are never modified once a state is built, so states may share arrays that a step leaves
 * unchanged; adjoint states use the same layout (their count is unused).
 */
record ReplicaState(double[][] forward, double[][] backward, double[][] neurons, double[][] meanSums,
                    double[][] varSums, int learned) {

    /** A zero adjoint of the same layout ({@code statistics}: whether SUPPORT sums are part of the state). */
    static ReplicaState zeros(Shape s, boolean statistics) {
        double[][] f = new double[s.layers][];
        double[][] g = new double[s.layers][];
        double[][] a = new double[s.layers + 1][];
        for (int l = 0; l < s.layers; l++) {
            f[l] = new double[s.forwardLength(l)];
            g[l] = s.implicitG ? null : new double[s.backwardLength(l)];
        }
        for (int l = 1; l <= s.layers; l++) {
            a[l] = new double[s.stateLength(l)];
        }
        return new ReplicaState(f, g, a, statistics ? sums(s) : null, statistics ? sums(s) : null, 0);
    }

    /** Zero sums of K·n_l values for every layer l ≥ 1. */
    static double[][] sums(Shape s) {
        double[][] out = new double[s.layers + 1][];
        for (int l = 1; l <= s.layers; l++) {
            out[l] = new double[s.k * s.n[l]];
        }
        return out;
    }
}
