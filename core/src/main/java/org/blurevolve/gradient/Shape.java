package org.blurevolve.gradient;

import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.SynapseNormalization;
import org.blurevolve.network.SynapseStates;
import org.blurevolve.network.SynapseSymmetry;

/**
 * Sizes and heap layouts of one replica's arrays in the adjoint, channel-first as in the forward
 * network (docs/model.md §1): states K blocks of B×(n_l+1) with the bias column last; F^l Ks blocks
 * of (n_l+1)×n_{l+1}; G^l Ks blocks of n_{l+1}×n_l, absent when G is implicit (F[0:n]ᵀ). Messages
 * and pre-activations are compact: K blocks of B×n. Immutable.
 */
final class Shape {
    final int k;
    final int layers;
    final int batch;
    final int[] n;
    /** Stored synapse channels: 1 for SINGLE_STATE, else K. */
    final int ks;
    final boolean implicitG;

    Shape(NetworkSpec spec, int batch) {
        this.k = spec.k();
        this.layers = spec.layers();
        this.batch = batch;
        this.n = spec.sizes().stream().mapToInt(Integer::intValue).toArray();
        this.ks = spec.synapseStates() == SynapseStates.SINGLE_STATE ? 1 : k;
        this.implicitG = spec.symmetry() == SynapseSymmetry.SYMMETRIC && !spec.stabilizers().oja()
                && spec.stabilizers().normalization() != SynapseNormalization.STORED;
    }

    int stateLength(int l) {
        return k * batch * (n[l] + 1);
    }

    /** Start of state c of layer l (a B×(n_l+1) block, row stride n_l+1). */
    int state(int l, int c) {
        return c * batch * (n[l] + 1);
    }

    int compactLength(int l) {
        return k * batch * n[l];
    }

    /** Start of state c of a compact B×n_l block (row stride n_l). */
    int compact(int l, int c) {
        return c * batch * n[l];
    }

    int forwardBlock(int l) {
        return (n[l] + 1) * n[l + 1];
    }

    int forwardLength(int l) {
        return ks * forwardBlock(l);
    }

    /** Start of the F^l channel that state c reads (channel 0 for SINGLE_STATE). */
    int forward(int l, int c) {
        return Math.min(c, ks - 1) * forwardBlock(l);
    }

    int backwardBlock(int l) {
        return n[l + 1] * n[l];
    }

    int backwardLength(int l) {
        return ks * backwardBlock(l);
    }

    int backward(int l, int c) {
        return Math.min(c, ks - 1) * backwardBlock(l);
    }

    /** A fresh state array of layer l: zeros with the bias column at 1 in every state. */
    double[] resetState(int l) {
        double[] a = new double[stateLength(l)];
        int ld = n[l] + 1;
        for (int r = 0; r < k * batch; r++) {
            a[r * ld + n[l]] = 1.0;
        }
        return a;
    }
}
