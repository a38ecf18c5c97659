package org.blurevolve.network;

import java.util.EnumSet;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.LayerRule;
import org.blurevolve.genome.OptionalScalar;

/**
 * One BLUR network: K-state neurons and K-channel synapses driven by a genome, with the inner step
 * of docs/model.md §3 in its normative order. States and synapses live off-heap in ND4J buffers; the
 * matrix work is OpenBLAS gemm with the gates folded into α and β, the elementwise work is Java
 * over bulk heap copies (docs/architecture.md, "Performance"). Everything is allocated in the constructor; steps
 * allocate nothing.
 *
 * <p>Not thread-safe: one thread drives one network. Reuse a network across replicas and
 * evaluations of the same genome by calling {@link #setSynapses} or {@link #initSynapses}.
 */
public final class BlurNetwork {
    private final NetworkSpec spec;
    private final NetworkBuffers buf;
    private final SynapseUpdate synapseUpdate;
    private final double[] keep;
    private final double[] update;
    private double normGain;
    private double normShift;
    private final int k;
    private final int layers;
    private final int batch;
    private final int[] n;
    /** Float networks use the rational tanh (error below float's half-ulp); double ones the exact one. */
    private final boolean approximate;
    /** SUPPORT statistics: per layer l ≥ 1, Σ_t μ_t and Σ_t v_t of the learning steps' forward pass, index c·n_l + j. */
    private final double[][] meanSum;
    private final double[][] varSum;
    /** Learning steps since the synapses were loaded (the T of the SUPPORT averages). */
    private int learnedSteps;
    /** Whether the step running now is a learning step (its forward pass feeds the SUPPORT sums). */
    private boolean learning;
    /** Samples per statistics segment: the batch, or one query batch of a network that scores several at once. */
    private final int segment;
    /** The fused float path (null for double networks, which keep the BLAS-mix reference path). */
    private final FloatPath floats;

    /**
     * Builds a network for {@code spec} and {@code genome} working on batches of {@code batch}
     * samples. Synapses start at zero; call {@link #initSynapses} or {@link #setSynapses}.
     *
     * @throws IllegalArgumentException when the genome does not fit the spec (K, blocks, scalars)
     */
    public BlurNetwork(NetworkSpec spec, Genome genome, int batch, Precision precision) {
        this(spec, genome, batch, batch, precision);
    }

    /**
     * A forward-only network that scores {@code batch / segment} query batches of {@code segment} samples
     * in one pass, each with its own batch statistics: what {@code batch / segment} forward-only steps of a
     * network of batch {@code segment} give, bit for bit, when no query step reads what an earlier one left
     * (zeroNeurons, no STORED synapse normalisation). Float only; {@link #learn} is refused.
     *
     * @throws IllegalArgumentException when segment does not divide batch, or the spec makes query steps
     *                                  depend on each other, or the precision is double
     */
    public BlurNetwork(NetworkSpec spec, Genome genome, int batch, int segment, Precision precision) {
        checkGenomeFits(spec, genome);
        if (batch < 1) {
            throw new IllegalArgumentException("batch = " + batch + ", must be >= 1");
        }
        if (segment != batch && (segment < 1 || batch % segment != 0 || !queriesIndependent(spec)
                || !precision.floatStorage())) {
            throw new IllegalArgumentException("query segments of " + segment + " in a batch of " + batch
                    + " need a float network with zeroNeurons and no stored synapse normalisation,"
                    + " and a segment that divides the batch");
        }
        this.segment = segment;
        this.spec = spec;
        this.buf = new NetworkBuffers(spec, batch, precision);
        this.k = spec.k();
        this.layers = spec.layers();
        this.batch = batch;
        this.n = buf.n;
        this.approximate = precision.floatStorage();
        this.keep = new double[layers];
        this.update = new double[layers];
        this.synapseUpdate = new SynapseUpdate(spec, buf);
        this.meanSum = new double[layers + 1][];
        this.varSum = new double[layers + 1][];
        for (int l = 1; l <= layers; l++) {
            meanSum[l] = new double[k * n[l]];
            varSum[l] = new double[k * n[l]];
        }
        this.floats = approximate ? new FloatPath(spec, buf, segment, precision == Precision.FLOAT_ELEMENTWISE) : null;
        setGenome(genome);
    }

    /** Whether no forward-only step reads what an earlier one left: neurons reset, synapses untouched. */
    public static boolean queriesIndependent(NetworkSpec spec) {
        return spec.zeroNeurons() && spec.stabilizers().normalization() != SynapseNormalization.STORED;
    }

    /**
     * Swaps in another genome that fits the same spec, without reallocating: the cheap way to
     * evaluate many genomes on one thread. States and synapses are untouched; set synapses next.
     */
    public void setGenome(Genome genome) {
        checkGenomeFits(spec, genome);
        for (int l = 0; l < layers; l++) {
            LayerRule rule = genome.rule(l);
            keep[l] = rule.keep();
            update[l] = rule.update();
        }
        normGain = genome.scalar(OptionalScalar.NORM_GAIN);
        normShift = genome.scalar(OptionalScalar.NORM_SHIFT);
        buf.loadMixers(genome);
        synapseUpdate.setGenome(genome);
        if (floats != null) {
            floats.setNormalization(normGain, normShift, meanSum, varSum);
        }
    }

    /** Checks K, the number of rule blocks and the optional scalars against the spec. */
    public static void checkGenomeFits(NetworkSpec spec, Genome genome) {
        if (genome.k() != spec.k()) {
            throw new IllegalArgumentException("genome has K=" + genome.k() + " but the network has K=" + spec.k());
        }
        int blocks = genome.layout().blocks();
        if (blocks != 1 && blocks != spec.layers()) {
            throw new IllegalArgumentException("genome has " + blocks + " rule blocks; the network has "
                    + spec.layers() + " synapse layers, so it needs 1 (shared) or " + spec.layers() + " (per layer)");
        }
        EnumSet<OptionalScalar> needed = EnumSet.noneOf(OptionalScalar.class);
        needed.addAll(spec.stabilizers().requiredScalars());
        if (!genome.scalars().equals(needed)) {
            throw new IllegalArgumentException("genome has optional scalars " + genome.scalars()
                    + " but the network's stabilisers need exactly " + needed);
        }
    }

    public NetworkSpec spec() {
        return spec;
    }

    public int batch() {
        return batch;
    }

    /** Draws fresh synapses from {@code seed} (docs/model.md §4). */
    public void initSynapses(long seed) {
        setSynapses(SynapseInit.draw(spec, seed));
    }

    /**
     * Starts a fresh network from spec-layout synapse values: every neuron is reset (0, bias 1), so
     * nothing carries over from earlier use even when zeroNeurons is off. With SINGLE_STATE synapses
     * channel 0 is used; when G is implicit (SYMMETRIC without Oja or stored normalisation) G is
     * taken as F[0:n]ᵀ. The SUPPORT normalisation statistics restart (a new replica).
     */
    public void setSynapses(Synapses s) {
        synapseUpdate.load(s);
        for (int l = 0; l <= layers; l++) {
            buf.states[l].write(0, buf.resetImage[l], 0, buf.stateLength(l));
        }
        for (int l = 1; l <= layers; l++) {
            java.util.Arrays.fill(meanSum[l], 0.0);
            java.util.Arrays.fill(varSum[l], 0.0);
        }
        learnedSteps = 0;
    }

    /**
     * Everything a later step reads: states, stored synapses and the SUPPORT statistics. Restoring it
     * with {@link #restore} makes the network continue exactly (bit for bit) as if nothing had run in
     * between, e.g. query steps scored in the middle of an unroll.
     */
    public NetworkSnapshot snapshot() {
        double[][] states = new double[layers + 1][];
        double[][] forward = new double[layers][];
        double[][] backward = new double[layers][];
        for (int l = 0; l <= layers; l++) {
            states[l] = copy(buf.states[l]);
        }
        for (int l = 0; l < layers; l++) {
            forward[l] = copy(buf.forward[l]);
            backward[l] = buf.backward[l] == null ? null : copy(buf.backward[l]);
        }
        return new NetworkSnapshot(spec, batch, approximate, states, forward, backward, deepCopy(meanSum),
                deepCopy(varSum), learnedSteps);
    }

    /**
     * Puts back what {@link #snapshot} took from this network or one of the same spec and storage
     * precision (float and float_elementwise store alike, so either takes the other's snapshot).
     * From a network of another batch size only synapses and statistics are taken and every neuron
     * starts at 0: allowed only with zeroNeurons, where no step reads the states of the previous one.
     */
    public void restore(NetworkSnapshot s) {
        if (!s.spec.equals(spec) || s.approximate != approximate) {
            throw new IllegalArgumentException("snapshot of another network (" + s.spec.sizes() + ") cannot be restored"
                    + " into " + spec.sizes() + " or another precision");
        }
        if (s.batch != batch && !spec.zeroNeurons()) {
            throw new IllegalArgumentException("a snapshot of batch " + s.batch + " cannot be restored into batch "
                    + batch + " when neurons keep their states between steps (zeroNeurons off)");
        }
        for (int l = 0; l <= layers; l++) {
            double[] image = s.batch == batch ? s.states[l] : buf.resetImage[l];
            buf.states[l].write(0, image, 0, buf.stateLength(l));
        }
        for (int l = 0; l < layers; l++) {
            buf.forward[l].write(0, s.forward[l], 0, s.forward[l].length);
            if (buf.backward[l] != null) {
                buf.backward[l].write(0, s.backward[l], 0, s.backward[l].length);
            }
        }
        for (int l = 1; l <= layers; l++) {
            System.arraycopy(s.meanSum[l], 0, meanSum[l], 0, meanSum[l].length);
            System.arraycopy(s.varSum[l], 0, varSum[l], 0, varSum[l].length);
        }
        learnedSteps = s.learnedSteps;
    }

    /**
     * Takes over what a later step reads from {@code learned}, a network of the same spec and storage precision,
     * as {@link #restore} of its {@link #snapshot} would (bit for bit), copying native memory directly:
     * the cheap way to hand an unroll to a query network. From another batch size only synapses and
     * statistics are taken and every neuron starts at 0 (zeroNeurons only).
     */
    public void restoreFrom(BlurNetwork learned) {
        if (!learned.spec.equals(spec) || learned.approximate != approximate) {
            throw new IllegalArgumentException("network " + learned.spec.sizes() + " cannot be copied into "
                    + spec.sizes() + " or another precision");
        }
        if (learned.batch != batch && !spec.zeroNeurons()) {
            throw new IllegalArgumentException("a network of batch " + learned.batch + " cannot be copied into batch "
                    + batch + " when neurons keep their states between steps (zeroNeurons off)");
        }
        for (int l = 0; l <= layers; l++) {
            if (learned.batch == batch) {
                NativeArray.copy(learned.buf.states[l], buf.states[l], buf.stateLength(l));
            } else {
                buf.states[l].write(0, buf.resetImage[l], 0, buf.stateLength(l));
            }
        }
        for (int l = 0; l < layers; l++) {
            NativeArray.copy(learned.buf.forward[l], buf.forward[l], buf.forwardLength(l));
            if (buf.backward[l] != null) {
                NativeArray.copy(learned.buf.backward[l], buf.backward[l], buf.backwardLength(l));
            }
        }
        for (int l = 1; l <= layers; l++) {
            System.arraycopy(learned.meanSum[l], 0, meanSum[l], 0, meanSum[l].length);
            System.arraycopy(learned.varSum[l], 0, varSum[l], 0, varSum[l].length);
        }
        learnedSteps = learned.learnedSteps;
    }

    private static double[] copy(NativeArray a) {
        double[] out = new double[a.length];
        a.read(0, out, 0, a.length);
        return out;
    }

    private static double[][] deepCopy(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] == null ? null : x[i].clone();
        }
        return out;
    }

    /** A copy of every synapse in the spec layout. */
    public Synapses synapses() {
        return synapseUpdate.export();
    }

    /**
     * One full learning step on a support batch (steps 1–6 of docs/model.md §3).
     *
     * @param x       inputs, B×n_0 row-major
     * @param targets targets, B×n_L row-major (±1 one-hot, or ±1 for a single output)
     */
    public void learn(double[] x, double[] targets) {
        if (segment != batch) {
            throw new IllegalStateException("a network that scores query segments in one pass cannot learn");
        }
        checkLength("targets", targets, batch * n[layers]);
        learning = true;
        prepareStep(x);
        forwardPass();
        learnedSteps++;
        snapshotForwardStates();
        feedback(targets);
        backwardPass();
        synapseUpdate.hebbian();
    }

    /**
     * A forward-only step (steps 1–3): the prediction is then in {@link #outputs}. With SUPPORT
     * activation statistics the forward pass normalises with the averages of the learning steps so far.
     *
     * @throws IllegalStateException with SUPPORT statistics, when no learning step ran since the
     *                               synapses were loaded (there are no statistics to use)
     */
    public void infer(double[] x) {
        if (supportStatistics() && learnedSteps == 0) {
            throw new IllegalStateException("activation normalisation with support statistics needs at least one"
                    + " learning step after the synapses are loaded before a forward-only step");
        }
        learning = false;
        prepareStep(x);
        forwardPass();
    }

    private boolean supportStatistics() {
        Stabilizers st = spec.stabilizers();
        return st.activationNormalization() && st.activationStatistics() == ActivationStatistics.SUPPORT;
    }

    /** Copies the prediction a^L[:, :, 0] (B×n_L row-major) into {@code dst}. */
    public void outputs(double[] dst) {
        int ld = n[layers] + 1;
        buf.states[layers].read(buf.stateOffset(layers, 0), buf.heapA, 0, batch * ld);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(buf.heapA, b * ld, dst, b * n[layers], n[layers]);
        }
    }

    /** State c of layer l as B×n_l row-major (for tests and traces). */
    public double[] state(int l, int c) {
        int ld = n[l] + 1;
        double[] out = new double[batch * n[l]];
        buf.states[l].read(buf.stateOffset(l, c), buf.heapA, 0, batch * ld);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(buf.heapA, b * ld, out, b * n[l], n[l]);
        }
        return out;
    }

    /** Whether every state and synapse is finite (docs/model.md §8: otherwise the genome diverged). */
    public boolean isFinite() {
        return withinLimit(0);
    }

    /**
     * Whether every state and synapse is finite and, when {@code synapseLimit} is positive, no stored
     * synapse block (each layer's F, and G when stored) has a mean |value| above it
     * (fitness.synapse-limit, docs/model.md §8). One pass over the synapses either way.
     */
    public boolean withinLimit(double synapseLimit) {
        for (int l = 0; l <= layers; l++) {
            if (!Double.isFinite(buf.states[l].absSum(0, buf.stateLength(l)))) {
                return false;
            }
        }
        double largest = synapseUpdate.largestMeanAbs();
        return synapseLimit > 0 ? largest <= synapseLimit : Double.isFinite(largest);
    }

    /**
     * Each stored synapse block's mean |value|, all channels together, in the order F^0, G^0, F^1, …
     * (no G entries when G is not stored): what {@link #withinLimit} compares with the synapse limit.
     */
    public double[] synapseMeanAbs() {
        double[] out = new double[synapseUpdate.blocks()];
        for (int i = 0; i < out.length; i++) {
            out[i] = synapseUpdate.meanAbs(i);
        }
        return out;
    }

    private void prepareStep(double[] x) {
        checkLength("inputs", x, batch * n[0]);
        resetNeurons(x);
        synapseUpdate.normalizeStored();
        synapseUpdate.prepareReadCopies();
    }

    /**
     * Step 1. With zeroNeurons the hidden and output layers are not rewritten here: the forward
     * pass then runs with β = 0 (f·0 = 0) and defines every non-bias entry before anything reads it.
     */
    private void resetNeurons(double[] x) {
        int ld = n[0] + 1;
        double[] image = buf.heapA;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, b * n[0], image, b * ld, n[0]);
            image[b * ld + n[0]] = 1.0;
        }
        buf.states[0].write(buf.stateOffset(0, 0), image, 0, batch * ld);
    }

    /** Step 3: u = Σ_i F[i,j,c]·(āΦ)[b,i,c]; a^{l+1} ← σ(f·a^{l+1} + η·u). */
    private void forwardPass() {
        for (int l = 0; l < layers; l++) {
            // BLAS calls per segment: OpenBLAS rounds a row differently when M (or a mix's length)
            // changes, so query batches scored together keep the bits of one step per batch only with
            // calls of their own.
            for (int first = 0; first < batch; first += segment) {
                buf.mix(l, NetworkBuffers.PHI, true, buf.states[l], buf.mixA, batch * (n[l] + 1), first * (n[l] + 1),
                        segment * (n[l] + 1));
            }
            for (int c = 0; c < k; c++) {
                for (int first = 0; first < batch; first += segment) {
                    NativeArray.gemm(false, false, segment, n[l + 1], n[l] + 1, update[l],
                            buf.mixA, buf.stateOffset(l, c) + first * (n[l] + 1), n[l] + 1,
                            buf.forwardRead[l], buf.forwardOffset(l, c), n[l + 1], spec.zeroNeurons() ? 0.0 : keep[l],
                            buf.states[l + 1], buf.stateOffset(l + 1, c) + first * (n[l + 1] + 1), n[l + 1] + 1);
                }
            }
            StateActivations sigma = l + 1 == layers ? spec.output() : spec.forward();
            if (floats != null) {
                floats.pass(l + 1, sigma, norm(l + 1, true), learnedSteps);
            } else {
                activateInPlace(l + 1, sigma, true);
            }
        }
    }

    /** How the float path normalises layer l on the forward or backward pass (docs/model.md §5). */
    private FloatPath.Norm norm(int l, boolean forward) {
        Stabilizers st = spec.stabilizers();
        if (!st.activationNormalization() || (l == layers && !st.normalizeOutput())) {
            return FloatPath.Norm.OFF;
        }
        if (!forward || st.activationStatistics() != ActivationStatistics.SUPPORT) {
            return FloatPath.Norm.BATCH;
        }
        return learning ? FloatPath.Norm.ACCUMULATE : FloatPath.Norm.FROZEN;
    }

    private void snapshotForwardStates() {
        for (int l = 1; l < layers; l++) {
            NativeArray snap = buf.forwardSnapshot[l];
            if (snap != null) {
                for (int c = 0; c < k; c++) {
                    int off = buf.stateOffset(l, c);
                    int len = batch * (n[l] + 1);
                    buf.states[l].read(off, buf.heapA, 0, len);
                    snap.write(off, buf.heapA, 0, len);
                }
            }
        }
    }

    /** Step 4: state 1 of the output := t (TARGET) or y − t (ERROR); states ≥ 2 := 0. */
    private void feedback(double[] targets) {
        int ld = n[layers] + 1;
        int len = batch * ld;
        NativeArray out = buf.states[layers];
        double[] msg = buf.heapB;
        if (spec.feedback() == Feedback.ERROR) {
            out.read(buf.stateOffset(layers, 0), msg, 0, len);
        }
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < n[layers]; j++) {
                double t = targets[b * n[layers] + j];
                int at = b * ld + j;
                msg[at] = spec.feedback() == Feedback.ERROR ? msg[at] - t : t;
            }
            msg[b * ld + n[layers]] = 1.0;
        }
        out.write(buf.stateOffset(layers, 1), msg, 0, len);
        for (int c = 2; c < k; c++) {
            out.write(buf.stateOffset(layers, c), buf.resetImage[layers], buf.stateOffset(layers, c), len);
        }
    }

    /** Step 5, for l = L−1 down to 1: v = Σ_j G[j,i,c]·(a^{l+1}Ψ)[b,j,c], combined per the backward mode. */
    private void backwardPass() {
        for (int l = layers - 1; l >= 1; l--) {
            int cols = batch * (n[l + 1] + 1);
            buf.mix(l, NetworkBuffers.PSI, true, buf.states[l + 1], buf.mixA, cols);
            if (spec.backwardMode() == BackwardMode.ADDITIVE) {
                for (int c = 0; c < k; c++) {
                    backwardMessage(l, c, update[l], keep[l], buf.states[l], buf.stateOffset(l, c));
                }
                if (floats != null) {
                    floats.pass(l, spec.backward(), norm(l, false), learnedSteps);
                } else {
                    activateInPlace(l, spec.backward(), false);
                }
            } else {
                int first = spec.backwardMode() == BackwardMode.MULT_SECOND_STATE ? 1 : 0;
                for (int c = first; c < k; c++) {
                    backwardMessage(l, c, 1.0, 0.0, buf.mixB, buf.stateOffset(l, c));
                }
                multiplyAndActivate(l, first);
            }
        }
    }

    /**
     * C ← α·w_c·G_c + β·C for the B×n_l block at {@code cOff} of {@code dst} (ld n_l+1). An implicit
     * G is read as the transpose of F[0:n] (or of its row-normalised copy), never materialised.
     */
    private void backwardMessage(int l, int c, double alpha, double beta, NativeArray dst, int cOff) {
        boolean transposed = buf.implicitG;
        int ldG = transposed ? n[l + 1] : n[l];
        NativeArray g = buf.backwardRead[l];
        int gOff = buf.backwardOffset(l, c);
        if (g == null) {
            g = buf.forward[l];
            gOff = buf.forwardOffset(l, c);
        }
        NativeArray.gemm(false, transposed, batch, n[l], n[l + 1], alpha,
                buf.mixA, buf.stateOffset(l + 1, c), n[l + 1] + 1,
                g, gOff, ldG, beta, dst, cOff, n[l] + 1);
    }

    /** Applies σ (after optional activation normalisation) to the neurons of layer l, every state. */
    private void activateInPlace(int l, StateActivations sigma, boolean forward) {
        int ld = n[l] + 1;
        int len = batch * ld;
        for (int c = 0; c < k; c++) {
            int off = buf.stateOffset(l, c);
            buf.states[l].read(off, buf.heapA, 0, len);
            normalizeAndActivate(buf.heapA, l, c, forward, sigma.forState(c));
            buf.states[l].write(off, buf.heapA, 0, len);
        }
    }

    /** MULTIPLICATIVE / MULT_SECOND_STATE: a_c ← σ(f·a_c·v_c) for c ≥ first, and σ(f·a_c) below. */
    private void multiplyAndActivate(int l, int first) {
        int ld = n[l] + 1;
        int len = batch * ld;
        double f = keep[l];
        for (int c = 0; c < k; c++) {
            int off = buf.stateOffset(l, c);
            double[] a = buf.heapA;
            buf.states[l].read(off, a, 0, len);
            if (c >= first) {
                double[] v = buf.heapB;
                buf.mixB.read(off, v, 0, len);
                for (int b = 0; b < batch; b++) {
                    for (int i = b * ld, end = i + n[l]; i < end; i++) {
                        a[i] = f * a[i] * v[i];
                    }
                }
            } else {
                for (int b = 0; b < batch; b++) {
                    for (int i = b * ld, end = i + n[l]; i < end; i++) {
                        a[i] = f * a[i];
                    }
                }
            }
            normalizeAndActivate(a, l, c, false, spec.backward().forState(c));
            buf.states[l].write(off, a, 0, len);
        }
    }

    /**
     * z ← γ·(z − μ)/sqrt(v + 1e-5) + β when enabled for layer l (docs/model.md §5), then z ← σ(z).
     * μ and v are the batch's (biased variance), except on the forward pass of a forward-only step
     * with SUPPORT statistics, which uses the averages of the learning steps; the forward pass of a
     * learning step adds its batch statistics to those averages.
     */
    private void normalizeAndActivate(double[] z, int l, int c, boolean forward, Activation sigma) {
        int width = n[l];
        int ld = width + 1;
        Stabilizers st = spec.stabilizers();
        if (st.activationNormalization() && (l < layers || st.normalizeOutput())) {
            boolean support = forward && st.activationStatistics() == ActivationStatistics.SUPPORT;
            for (int j = 0; j < width; j++) {
                double mean;
                double var;
                if (support && !learning) {
                    mean = meanSum[l][c * width + j] / learnedSteps;
                    var = varSum[l][c * width + j] / learnedSteps;
                } else {
                    mean = 0;
                    for (int b = 0; b < batch; b++) {
                        mean += z[b * ld + j];
                    }
                    mean /= batch;
                    var = 0;
                    for (int b = 0; b < batch; b++) {
                        double d = z[b * ld + j] - mean;
                        var += d * d;
                    }
                    var /= batch;
                    if (support) {
                        meanSum[l][c * width + j] += mean;
                        varSum[l][c * width + j] += var;
                    }
                }
                double scale = normGain / Math.sqrt(var + 1e-5);
                for (int b = 0; b < batch; b++) {
                    z[b * ld + j] = (z[b * ld + j] - mean) * scale + normShift;
                }
            }
        }
        sigma.applyRows(z, batch, width, ld, approximate);
    }

    private static void checkLength(String what, double[] values, int expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException(what + " have " + values.length + " values, expected " + expected);
        }
    }
}
