package org.blurevolve.network;

import org.blurevolve.genome.Genome;
import org.blurevolve.genome.LayerRule;

/**
 * The off-heap storage of one network in a channel-first layout, allocated once so the unroll
 * allocates nothing (docs/architecture.md, "Performance"):
 * <ul>
 *   <li>states a^l: K blocks of B×(n_l+1), the last column the bias neuron (1 in every state);</li>
 *   <li>F^l: Ks blocks of (n_l+1)×n_{l+1}; G^l: Ks blocks of n_{l+1}×n_l, or none when G is
 *       implicit (always F[0:n]ᵀ);</li>
 *   <li>the genome's K×K matrices Φ, Ψ, P, Q per layer, and mixing and update scratch.</li>
 * </ul>
 * Ks is 1 for SINGLE_STATE synapses (every channel reads channel 0) and K otherwise.
 */
final class NetworkBuffers {
    static final int PHI = 0;
    static final int PSI = 1;
    static final int PRE = 2;
    static final int POST = 3;

    final int k;
    final int layers;
    final int batch;
    final int[] n;
    final int synapseChannels;
    final boolean implicitG;
    final NativeArray[] states;
    final NativeArray[] forward;
    final NativeArray[] backward;
    /** Copies read by steps 3 and 5 under IN_ACTIVATIONS normalisation, else the stored arrays. */
    final NativeArray[] forwardRead;
    final NativeArray[] backwardRead;
    final NativeArray[] forwardSnapshot;
    /** Per layer, the genome's Φ, Ψ, P, Q (index PHI..POST), row-major K×K. */
    final double[][][] mixers;
    final NativeArray mixA;
    final NativeArray mixB;
    final NativeArray delta;
    final double[] heapA;
    final double[] heapB;
    final double[] columnScale;
    /** Per layer: zeros with the bias column at 1, the image written on a neuron reset. */
    final double[][] resetImage;

    NetworkBuffers(NetworkSpec spec, int batch, Precision precision) {
        this.k = spec.k();
        this.layers = spec.layers();
        this.batch = batch;
        this.n = spec.sizes().stream().mapToInt(Integer::intValue).toArray();
        this.synapseChannels = spec.synapseStates() == SynapseStates.SINGLE_STATE ? 1 : k;
        Stabilizers st = spec.stabilizers();
        this.implicitG = spec.symmetry() == SynapseSymmetry.SYMMETRIC && !st.oja()
                && st.normalization() != SynapseNormalization.STORED;
        int maxN = 0;
        for (int size : n) {
            maxN = Math.max(maxN, size);
        }
        states = new NativeArray[layers + 1];
        resetImage = new double[layers + 1][];
        for (int l = 0; l <= layers; l++) {
            states[l] = NativeArray.allocate(precision, stateLength(l));
            resetImage[l] = new double[stateLength(l)];
            for (int c = 0; c < k; c++) {
                for (int b = 0; b < batch; b++) {
                    resetImage[l][stateOffset(l, c) + b * (n[l] + 1) + n[l]] = 1.0;
                }
            }
            states[l].write(0, resetImage[l], 0, stateLength(l));
        }
        forward = new NativeArray[layers];
        backward = new NativeArray[layers];
        forwardRead = new NativeArray[layers];
        backwardRead = new NativeArray[layers];
        forwardSnapshot = new NativeArray[layers];
        boolean copies = st.normalization() == SynapseNormalization.IN_ACTIVATIONS;
        for (int l = 0; l < layers; l++) {
            forward[l] = NativeArray.allocate(precision, forwardLength(l));
            backward[l] = implicitG ? null : NativeArray.allocate(precision, backwardLength(l));
            forwardRead[l] = copies ? NativeArray.allocate(precision, forwardLength(l)) : forward[l];
            backwardRead[l] = copies ? NativeArray.allocate(precision, backwardLength(l)) : backward[l];
            if (spec.hebbianInputs() == HebbianInputs.PRE_FROM_FORWARD && l >= 1) {
                forwardSnapshot[l] = NativeArray.allocate(precision, stateLength(l));
            }
        }
        mixers = new double[layers][4][];
        int mixLength = k * batch * (maxN + 1);
        mixA = NativeArray.allocate(precision, mixLength);
        mixB = NativeArray.allocate(precision, mixLength);
        int synLength = (maxN + 1) * maxN;
        delta = NativeArray.allocate(precision, synLength);
        int heapLength = Math.max(batch * (maxN + 1), synLength);
        heapA = new double[heapLength];
        heapB = new double[heapLength];
        columnScale = new double[maxN + 1];
    }

    /** Takes the genome's Φ, Ψ, P, Q of every layer. */
    void loadMixers(Genome genome) {
        for (int l = 0; l < layers; l++) {
            LayerRule rule = genome.rule(l);
            mixers[l][PHI] = rule.phi();
            mixers[l][PSI] = rule.psi();
            mixers[l][PRE] = rule.pre();
            mixers[l][POST] = rule.post();
        }
    }

    int stateLength(int l) {
        return k * batch * (n[l] + 1);
    }

    /** Start of state channel c of layer l: a B×(n_l+1) row-major block. */
    int stateOffset(int l, int c) {
        return c * batch * (n[l] + 1);
    }

    int forwardLength(int l) {
        return synapseChannels * (n[l] + 1) * n[l + 1];
    }

    /** Start of F^l channel c: an (n_l+1)×n_{l+1} block; SINGLE_STATE channels all map to 0. */
    int forwardOffset(int l, int c) {
        return Math.min(c, synapseChannels - 1) * (n[l] + 1) * n[l + 1];
    }

    int backwardLength(int l) {
        return synapseChannels * n[l + 1] * n[l];
    }

    /** Start of G^l channel c: an n_{l+1}×n_l block (or, when implicit, an n_l×n_{l+1} block). */
    int backwardOffset(int l, int c) {
        return Math.min(c, synapseChannels - 1) * n[l + 1] * n[l];
    }

    /**
     * State mixing over K channels of {@code cols} values each: dst_c = Σ_k M[k][c]·src_k when
     * {@code transpose} (Φ, Ψ, P: row = state read), else dst_o = Σ_m M[o][m]·src_m (Q). Done as
     * K² copy/scale/axpy calls: BLAS gemm with M = K packs its operands and was twice as slow.
     */
    void mix(int l, int which, boolean transpose, NativeArray src, NativeArray dst, int cols) {
        mix(l, which, transpose, src, dst, cols, 0, cols);
    }

    /**
     * The same on {@code len} values from {@code offset} of each state block, the blocks {@code stride}
     * apart: one BLAS call per (state, state) pair over exactly that range, as a network of that many
     * samples would make (the kernels round the tail of a call differently).
     */
    void mix(int l, int which, boolean transpose, NativeArray src, NativeArray dst, int stride, int offset, int len) {
        double[] m = mixers[l][which];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < k; j++) {
                double w = transpose ? m[j * k + c] : m[c * k + j];
                NativeArray.axpy(len, w, src, j * stride + offset, dst, c * stride + offset, j > 0);
            }
        }
    }
}
