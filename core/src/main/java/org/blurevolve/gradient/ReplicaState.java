package org.blurevolve.gradient;

/**
 * What one inner step of one replica reads from the previous one (docs/model.md §3): the synapses
 * F^l, G^l (G null when implicit) and the neuron states a^l of layers 1..L (index 0 unused; read
 * only when zeroNeurons is off). The arrays are never modified once a state is built, so states may
 * share arrays that a step leaves unchanged; adjoint states use the same layout.
 */
record ReplicaState(double[][] forward, double[][] backward, double[][] neurons) {

    /** A zero adjoint of the same layout. */
    static ReplicaState zeros(Shape s) {
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
        return new ReplicaState(f, g, a);
    }
}
