package org.blurevolve.network;

import org.blurevolve.genome.Genome;
import org.blurevolve.genome.LayerRule;
import org.blurevolve.genome.OptionalScalar;

/**
 * Step 6 of docs/model.md §3 (the Hebbian synapse update with its §5 stabilisers), the synapse
 * normalisations of step 2 and their in-activation copies, and conversion between the
 * channel-first storage and the spec layout of {@link Synapses}.
 *
 * <p>ΔF_o = (p·P)_oᵀ (Q·q)_o is one gemm per channel; with no saturation and an identity σ_syn the
 * update F ← f~F + η~(ΔF + O) is that same gemm with α = η~ and β = f~ (the Oja term folded into a
 * per-column prescale of F), so F is never copied to the heap.
 */
final class SynapseUpdate {
    private final NetworkSpec spec;
    private final NetworkBuffers buf;
    private final int k;
    private final int layers;
    private final int batch;
    private final int[] n;
    private final double[] synKeep;
    private final double[] synUpdate;
    private double ojaScale;
    private double saturationRate;
    private double normScale;
    private final boolean fastUpdate;

    SynapseUpdate(NetworkSpec spec, NetworkBuffers buf) {
        this.spec = spec;
        this.buf = buf;
        this.k = buf.k;
        this.layers = buf.layers;
        this.batch = buf.batch;
        this.n = buf.n;
        this.synKeep = new double[layers];
        this.synUpdate = new double[layers];
        this.fastUpdate = !spec.stabilizers().saturation() && spec.synapse().isIdentity();
    }

    /** Reads the synapse gates and the stabiliser scalars of a genome. */
    void setGenome(Genome genome) {
        for (int l = 0; l < layers; l++) {
            LayerRule rule = genome.rule(l);
            synKeep[l] = rule.synKeep();
            synUpdate[l] = rule.synUpdate();
        }
        Stabilizers st = spec.stabilizers();
        ojaScale = st.oja() ? Math.abs(genome.scalar(OptionalScalar.OJA)) : 0.0;
        saturationRate = st.saturationEpsilon() + Math.abs(genome.scalar(OptionalScalar.SATURATION));
        normScale = st.rescale() ? genome.scalar(OptionalScalar.RESCALE) : 1.0;
    }

    /** Step 6 for every layer. */
    void hebbian() {
        for (int l = 0; l < layers; l++) {
            NativeArray p = buf.forwardSnapshot[l] != null ? buf.forwardSnapshot[l] : buf.states[l];
            NativeArray q = buf.states[l + 1];
            int ldP = n[l] + 1;
            int ldQ = n[l + 1] + 1;
            buf.mix(l, NetworkBuffers.PRE, true, p, buf.mixA, batch * ldP);
            buf.mix(l, NetworkBuffers.POST, false, q, buf.mixB, batch * ldQ);
            for (int o = 0; o < buf.synapseChannels; o++) {
                updateBlock(l, buf.forward[l], buf.forwardOffset(l, o), n[l] + 1, n[l + 1], o,
                        buf.mixA, buf.stateOffset(l, o), ldP, buf.mixB, buf.stateOffset(l + 1, o), ldQ);
            }
            if (buf.implicitG) {
                continue;
            }
            if (spec.symmetry() == SynapseSymmetry.SYMMETRIC) {
                for (int o = 0; o < buf.synapseChannels; o++) {
                    updateBlock(l, buf.backward[l], buf.backwardOffset(l, o), n[l + 1], n[l], o,
                            buf.mixB, buf.stateOffset(l + 1, o), ldQ, buf.mixA, buf.stateOffset(l, o), ldP);
                }
            } else {
                buf.mix(l, NetworkBuffers.PRE, true, q, buf.mixA, batch * ldQ);
                buf.mix(l, NetworkBuffers.POST, false, p, buf.mixB, batch * ldP);
                for (int o = 0; o < buf.synapseChannels; o++) {
                    updateBlock(l, buf.backward[l], buf.backwardOffset(l, o), n[l + 1], n[l], o,
                            buf.mixA, buf.stateOffset(l + 1, o), ldQ, buf.mixB, buf.stateOffset(l, o), ldP);
                }
            }
        }
    }

    /**
     * X ← σ_syn(f~X + η~(ΔX + O_X)) (or the saturating form) for one rows×cols channel block,
     * with ΔX = rowᵀ·col, row a B×rows block (ld ldRow) and col a B×cols block (ld ldCol).
     */
    private void updateBlock(int l, NativeArray x, int xOff, int rows, int cols, int channel,
                             NativeArray row, int rowOff, int ldRow, NativeArray col, int colOff, int ldCol) {
        double fk = synKeep[l];
        double eta = synUpdate[l];
        if (fastUpdate) {
            double beta = fk;
            if (ojaScale != 0.0) {
                prescaleOja(x, xOff, rows, cols, fk, Math.abs(eta) * ojaScale);
                beta = 1.0;
            }
            NativeArray.gemm(true, false, rows, cols, batch, eta, row, rowOff, ldRow, col, colOff, ldCol,
                    beta, x, xOff, cols);
            return;
        }
        NativeArray.gemm(true, false, rows, cols, batch, 1.0, row, rowOff, ldRow, col, colOff, ldCol,
                0.0, buf.delta, 0, cols);
        int len = rows * cols;
        double[] xs = buf.heapA;
        double[] dx = buf.heapB;
        x.read(xOff, xs, 0, len);
        buf.delta.read(0, dx, 0, len);
        double[] colSq = columnSquares(xs, rows, cols);
        double ojaSign = -ojaScale * Math.signum(eta);
        boolean saturating = spec.stabilizers().saturation();
        Activation sigma = spec.synapse().forState(channel);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int at = i * cols + j;
                double xv = xs[at];
                double oja = ojaSign * xv * colSq[j];
                double next;
                if (saturating) {
                    double d = (fk - 1.0) * xv + eta * (dx[at] + oja);
                    next = xv + d * Math.exp(-Math.abs(xv) * saturationRate);
                } else {
                    next = fk * xv + eta * (dx[at] + oja);
                }
                xs[at] = sigma.apply(next);
            }
        }
        x.write(xOff, xs, 0, len);
    }

    /** X[:, j] ← X[:, j]·(f~ − |η~|·|m_oja|·Σ_r X[r, j]²), the Oja term folded into β = 1. */
    private void prescaleOja(NativeArray x, int xOff, int rows, int cols, double fk, double rate) {
        int len = rows * cols;
        double[] xs = buf.heapA;
        x.read(xOff, xs, 0, len);
        double[] colSq = columnSquares(xs, rows, cols);
        for (int j = 0; j < cols; j++) {
            colSq[j] = fk - rate * colSq[j];
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                xs[i * cols + j] *= colSq[j];
            }
        }
        x.write(xOff, xs, 0, len);
    }

    /** Σ_r X[r, j]² per column, into the shared column buffer (zero when Oja is off). */
    private double[] columnSquares(double[] xs, int rows, int cols) {
        double[] s = buf.columnScale;
        java.util.Arrays.fill(s, 0, cols, 0.0);
        if (ojaScale == 0.0) {
            return s;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = xs[i * cols + j];
                s[j] += v * v;
            }
        }
        return s;
    }

    /** Step 2 under STORED normalisation: normalise F and G in place over their source axis. */
    void normalizeStored() {
        if (spec.stabilizers().normalization() != SynapseNormalization.STORED) {
            return;
        }
        for (int l = 0; l < layers; l++) {
            for (int o = 0; o < buf.synapseChannels; o++) {
                normalizeColumns(buf.forward[l], buf.forwardOffset(l, o), n[l] + 1, n[l + 1], buf.forward[l]);
                normalizeColumns(buf.backward[l], buf.backwardOffset(l, o), n[l + 1], n[l], buf.backward[l]);
            }
        }
    }

    /** IN_ACTIVATIONS: fill the normalised copies that steps 3 and 5 read. */
    void prepareReadCopies() {
        if (spec.stabilizers().normalization() != SynapseNormalization.IN_ACTIVATIONS) {
            return;
        }
        for (int l = 0; l < layers; l++) {
            for (int o = 0; o < buf.synapseChannels; o++) {
                int fOff = buf.forwardOffset(l, o);
                normalizeColumns(buf.forward[l], fOff, n[l] + 1, n[l + 1], buf.forwardRead[l]);
                if (buf.implicitG) {
                    normalizeRowsOfForward(l, o);
                } else {
                    normalizeColumns(buf.backward[l], buf.backwardOffset(l, o), n[l + 1], n[l], buf.backwardRead[l]);
                }
            }
        }
    }

    /** dst block ← src block with every column scaled to unit norm (times ρ when rescaling). */
    private void normalizeColumns(NativeArray src, int off, int rows, int cols, NativeArray dst) {
        int len = rows * cols;
        double[] xs = buf.heapA;
        src.read(off, xs, 0, len);
        double[] s = buf.columnScale;
        java.util.Arrays.fill(s, 0, cols, 0.0);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = xs[i * cols + j];
                s[j] += v * v;
            }
        }
        for (int j = 0; j < cols; j++) {
            s[j] = normScale / Math.sqrt(s[j] + 1e-9);
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                xs[i * cols + j] *= s[j];
            }
        }
        dst.write(off, xs, 0, len);
    }

    /**
     * The in-activation copy of an implicit G = F[0:n]ᵀ: G normalised over its source axis is
     * F[0:n] with every row normalised, stored in F's row layout and read transposed.
     */
    private void normalizeRowsOfForward(int l, int o) {
        int rows = n[l];
        int cols = n[l + 1];
        double[] xs = buf.heapA;
        buf.forward[l].read(buf.forwardOffset(l, o), xs, 0, rows * cols);
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += xs[i * cols + j] * xs[i * cols + j];
            }
            double scale = normScale / Math.sqrt(sum + 1e-9);
            for (int j = 0; j < cols; j++) {
                xs[i * cols + j] *= scale;
            }
        }
        buf.backwardRead[l].write(buf.backwardOffset(l, o), xs, 0, rows * cols);
    }


    /**
     * The largest mean absolute value of any stored synapse block (one layer's F, or its G when stored),
     * all channels together; NaN or Inf when any synapse is NaN or Inf.
     */
    double largestMeanAbs() {
        double largest = 0;
        for (int i = 0; i < blocks(); i++) {
            double m = meanAbs(i);
            if (!Double.isFinite(m)) {
                return m;
            }
            largest = Math.max(largest, m);
        }
        return largest;
    }

    /** The stored synapse blocks: each layer's F, and its G when stored. */
    int blocks() {
        return buf.implicitG ? layers : 2 * layers;
    }

    /** Block i's mean |value|, in the order F^0, G^0, F^1, G^1, … (F^0, F^1, … when G is not stored). */
    double meanAbs(int i) {
        int l = buf.implicitG ? i : i / 2;
        boolean g = !buf.implicitG && i % 2 == 1;
        return g ? buf.backward[l].absSum(0, buf.backwardLength(l)) / buf.backwardLength(l)
                : buf.forward[l].absSum(0, buf.forwardLength(l)) / buf.forwardLength(l);
    }

    /** Writes spec-layout synapses into the channel-first storage. */
    void load(Synapses s) {
        if (!s.sizes().equals(spec.sizes()) || s.k() != k) {
            throw new IllegalArgumentException("synapses for " + s.sizes() + " K=" + s.k()
                    + " do not fit a network of " + spec.sizes() + " K=" + k);
        }
        for (int l = 0; l < layers; l++) {
            int nIn = n[l];
            int nOut = n[l + 1];
            for (int o = 0; o < buf.synapseChannels; o++) {
                double[] block = buf.heapA;
                for (int i = 0; i <= nIn; i++) {
                    for (int j = 0; j < nOut; j++) {
                        block[i * nOut + j] = s.f(l, i, j, o);
                    }
                }
                buf.forward[l].write(buf.forwardOffset(l, o), block, 0, (nIn + 1) * nOut);
                if (!buf.implicitG) {
                    for (int j = 0; j < nOut; j++) {
                        for (int i = 0; i < nIn; i++) {
                            block[j * nIn + i] = s.g(l, j, i, o);
                        }
                    }
                    buf.backward[l].write(buf.backwardOffset(l, o), block, 0, nOut * nIn);
                }
            }
        }
    }

    /** Reads the channel-first storage back into the spec layout. */
    Synapses export() {
        double[][] f = new double[layers][];
        double[][] g = new double[layers][];
        for (int l = 0; l < layers; l++) {
            int nIn = n[l];
            int nOut = n[l + 1];
            f[l] = new double[(nIn + 1) * nOut * k];
            g[l] = new double[nOut * nIn * k];
            for (int c = 0; c < k; c++) {
                double[] block = buf.heapA;
                buf.forward[l].read(buf.forwardOffset(l, c), block, 0, (nIn + 1) * nOut);
                for (int i = 0; i <= nIn; i++) {
                    for (int j = 0; j < nOut; j++) {
                        f[l][(i * nOut + j) * k + c] = block[i * nOut + j];
                        if (buf.implicitG && i < nIn) {
                            g[l][(j * nIn + i) * k + c] = block[i * nOut + j];
                        }
                    }
                }
                if (!buf.implicitG) {
                    buf.backward[l].read(buf.backwardOffset(l, c), block, 0, nOut * nIn);
                    for (int j = 0; j < nOut; j++) {
                        for (int i = 0; i < nIn; i++) {
                            g[l][(j * nIn + i) * k + c] = block[j * nIn + i];
                        }
                    }
                }
            }
        }
        return new Synapses(spec.sizes(), k, f, g);
    }
}
