package org.blurevolve.network;

/**
 * The elementwise work of a float network in one sweep per layer (docs/architecture.md, "Performance"):
 * the K state blocks of a layer are taken in chunks of rows small enough to stay in L1, each chunk is
 * widened once, normalised (docs/model.md §5) and activated (§4) in double exactly as the double-heap path
 * of {@link BlurNetwork} computes it, rounded back to float and written back, so the values are the same
 * bits and the block is read and written once instead of through a double copy. With float arithmetic
 * ({@link Precision#FLOAT_ELEMENTWISE}) the chunk is normalised and activated in float instead (the
 * statistics stay in double). The per-state work is a {@link StateSweep}: on the Vector API when the
 * JVM has it, scalar otherwise, the same bits either way.
 *
 * <p>Rows are processed in segments of {@code segment} samples: a network that scores several query
 * batches in one pass (forward-only, zeroNeurons, no stored normalisation) has one segment per query
 * batch, each with its own batch statistics, so each segment gives what a network of that batch would
 * give. Not thread-safe (owned by one network).
 */
final class FloatPath {
    private static final double EPS = 1e-5;
    /** Rows per chunk: about this many floats per state, so a chunk stays in L1 between its sweeps. */
    private static final int CHUNK_FLOATS = 2048;
    private final NetworkSpec spec;
    private final NetworkBuffers buf;
    private final int k;
    private final int segment;
    /** Per state, one segment of a layer (only the chunk being worked on when there are no statistics). */
    private final float[][] states;
    private final StateSweep sweep;
    private final double[] mean;
    private final double[] scale;
    private final double[] sum;
    private double gain;
    private double shift;
    private double[][] meanSum;
    private double[][] varSum;

    /**
     * @param floatArithmetic normalisation and σ in float32 ({@link Precision#FLOAT_ELEMENTWISE}) instead of
     *                        in double rounded back
     */
    FloatPath(NetworkSpec spec, NetworkBuffers buf, int segment, boolean floatArithmetic) {
        this.spec = spec;
        this.buf = buf;
        this.k = buf.k;
        this.segment = segment;
        int maxN = 0;
        for (int size : buf.n) {
            maxN = Math.max(maxN, size);
        }
        states = new float[k][segment * (maxN + 1)];
        sweep = StateSweep.create(segment, maxN + 1, floatArithmetic);
        mean = new double[k * maxN];
        scale = new double[k * maxN];
        sum = new double[maxN];
    }

    /** How a pass normalises (docs/model.md §5). */
    enum Norm {
        /** No normalisation. */
        OFF,
        /** The segment's own statistics. */
        BATCH,
        /** The segment's own statistics, also added to the SUPPORT sums (forward pass of a learning step). */
        ACCUMULATE,
        /** The SUPPORT averages over the learning steps so far. */
        FROZEN
    }

    /** The genome's γ and β and the network's SUPPORT sums (per layer, index c·n_l + j). */
    void setNormalization(double gain, double shift, double[][] meanSum, double[][] varSum) {
        this.gain = gain;
        this.shift = shift;
        this.meanSum = meanSum;
        this.varSum = varSum;
    }

    /**
     * For each segment of layer l: N (per {@code norm}; {@code steps} learning steps so far) and σ on
     * every state, written back.
     */
    void pass(int l, StateActivations sigma, Norm norm, int steps) {
        int width = buf.n[l];
        int ld = width + 1;
        int len = segment * ld;
        int chunk = Math.max(1, CHUNK_FLOATS / ld) * ld;
        NativeArray.F32 st = (NativeArray.F32) buf.states[l];
        boolean whole = norm != Norm.OFF;
        // With normalisation the segment's statistics come first, so the whole segment is read at once;
        // otherwise each chunk is read, finished and written while it is in L1.
        for (int first = 0; first < buf.batch; first += segment) {
            int base = first * ld;
            if (whole) {
                for (int c = 0; c < k; c++) {
                    st.readFloats(buf.stateOffset(l, c) + base, states[c], 0, len);
                }
                statistics(l, norm, steps, width, ld);
            }
            for (int from = 0; from < len; from += chunk) {
                int to = Math.min(len, from + chunk);
                if (!whole) {
                    for (int c = 0; c < k; c++) {
                        st.readFloats(buf.stateOffset(l, c) + base + from, states[c], from, to - from);
                    }
                }
                activate(sigma, whole, width, ld, from, to);
                for (int c = 0; c < k; c++) {
                    st.writeFloats(buf.stateOffset(l, c) + base + from, states[c], from, to - from);
                }
            }
        }
    }

    /**
     * N (when {@code normalise}, with the statistics already in mean and scale) and σ on positions
     * [from, to) (whole rows) of every state, in the sweep's arithmetic (double rounded back to float,
     * or float).
     */
    private void activate(StateActivations sigma, boolean normalise, int width, int ld, int from, int to) {
        for (int c = 0; c < k; c++) {
            Activation f = sigma.forState(c);
            if (normalise) {
                sweep.normalizeAndActivate(f, states[c], from, to, ld, mean, scale, c * width, shift);
            } else if (f != Activation.IDENTITY) {
                sweep.activate(f, states[c], from, to, ld);
            }
        }
    }

    /** μ and γ/√(v + ε) per state and neuron, summed over samples in the order BlurNetwork sums them. */
    private void statistics(int l, Norm norm, int steps, int width, int ld) {
        for (int c = 0; c < k; c++) {
            int s = c * width;
            if (norm == Norm.FROZEN) {
                for (int j = 0; j < width; j++) {
                    double v = varSum[l][s + j] / steps;
                    mean[s + j] = meanSum[l][s + j] / steps;
                    scale[s + j] = gain / Math.sqrt(v + EPS);
                }
                continue;
            }
            float[] z = states[c];
            java.util.Arrays.fill(mean, s, s + width, 0.0);
            java.util.Arrays.fill(sum, 0, width, 0.0);
            for (int b = 0; b < segment; b++) {
                for (int j = 0; j < width; j++) {
                    mean[s + j] += z[b * ld + j];
                }
            }
            for (int j = 0; j < width; j++) {
                mean[s + j] /= segment;
            }
            for (int b = 0; b < segment; b++) {
                for (int j = 0; j < width; j++) {
                    double d = z[b * ld + j] - mean[s + j];
                    sum[j] += d * d;
                }
            }
            for (int j = 0; j < width; j++) {
                double v = sum[j] / segment;
                if (norm == Norm.ACCUMULATE) {
                    meanSum[l][s + j] += mean[s + j];
                    varSum[l][s + j] += v;
                }
                scale[s + j] = gain / Math.sqrt(v + EPS);
            }
        }
    }
}
