package org.blurevolve.gradient;

import org.blurevolve.genome.LayerRule;
import org.blurevolve.network.BackwardMode;
import org.blurevolve.network.Feedback;
import org.blurevolve.network.HeapGemm;
import org.blurevolve.network.NetworkSpec;

/**
 * Steps 1, 3, 4 and 5 of docs/model.md §3 (neuron reset, forward pass, feedback, backward pass) for
 * one replica, recording what their adjoints need, and the adjoints. Reads the synapse read copies
 * of a {@link SynapsePasses} that has run step 2, and adds the read copies' adjoints to it. Not
 * thread-safe: one unroll owns its workspace.
 */
final class NeuronPasses {
    private final Shape s;
    private final NetworkSpec spec;
    private final SynapsePasses syn;
    private final boolean normalize;
    private final boolean normalizeOutput;
    private final boolean support;
    private Rules r;
    /** SUPPORT sums read by this step, the sums after it (a learning step adds to a copy) and their count. */
    private double[][] meanIn;
    private double[][] varIn;
    private double[][] meanOut;
    private double[][] varOut;
    private int learnedIn;
    private boolean frozen;
    /** a^l after step 3 (layer 0: the inputs), and after steps 4–5 (post; index 0 unused). */
    final double[][] forwardStates;
    final double[][] postStates;
    private final double[][] mixed;
    private final double[][] message;
    private final double[][] znF;
    private final double[][] xhatF;
    private final double[][] invF;
    private final double[][] mixedUp;
    private final double[][] back;
    private final double[][] znB;
    private final double[][] xhatB;
    private final double[][] invB;
    private final double[] z;
    private double[][] start;
    /** Adjoints of {@link #forwardStates} and {@link #postStates}, filled during a reverse. */
    final double[][] forwardBar;
    final double[][] postBar;

    NeuronPasses(Shape s, NetworkSpec spec, SynapsePasses syn) {
        this.s = s;
        this.spec = spec;
        this.syn = syn;
        this.normalize = spec.stabilizers().activationNormalization();
        this.normalizeOutput = spec.stabilizers().normalizeOutput();
        this.support = normalize && spec.stabilizers().activationStatistics()
                == org.blurevolve.network.ActivationStatistics.SUPPORT;
        int layers = s.layers;
        forwardStates = new double[layers + 1][];
        postStates = new double[layers + 1][];
        forwardBar = new double[layers + 1][];
        postBar = new double[layers + 1][];
        mixed = new double[layers][];
        message = new double[layers + 1][];
        znF = new double[layers + 1][];
        xhatF = new double[layers + 1][];
        invF = new double[layers + 1][];
        mixedUp = new double[layers][];
        back = new double[layers][];
        znB = new double[layers][];
        xhatB = new double[layers][];
        invB = new double[layers][];
        int maxCompact = 0;
        for (int l = 0; l <= layers; l++) {
            forwardStates[l] = s.resetState(l);
            postStates[l] = s.resetState(l);
            forwardBar[l] = new double[s.stateLength(l)];
            postBar[l] = new double[s.stateLength(l)];
            maxCompact = Math.max(maxCompact, s.compactLength(l));
            if (l >= 1) {
                message[l] = new double[s.compactLength(l)];
                znF[l] = new double[s.compactLength(l)];
                xhatF[l] = new double[s.compactLength(l)];
                invF[l] = new double[s.k * s.n[l]];
            }
            if (l < layers) {
                mixed[l] = new double[s.stateLength(l)];
            }
            if (l >= 1 && l < layers) {
                mixedUp[l] = new double[s.stateLength(l + 1)];
                back[l] = new double[s.compactLength(l)];
                znB[l] = new double[s.compactLength(l)];
                xhatB[l] = new double[s.compactLength(l)];
                invB[l] = new double[s.k * s.n[l]];
            }
        }
        z = new double[maxCompact];
    }

    void setRules(Rules rules) {
        this.r = rules;
    }

    /** Steps 1 and 3 (and 4–5 when {@code learn}) from the step's start state. */
    void forward(ReplicaState in, double[] x, double[] t, boolean learn) {
        start = in.neurons();
        if (support) {
            if (!learn && in.learned() == 0) {
                throw new IllegalStateException("activation normalisation with support statistics needs at least one"
                        + " learning step after the synapses are loaded before a forward-only step");
            }
            frozen = !learn;
            meanIn = in.meanSums();
            varIn = in.varSums();
            learnedIn = in.learned();
            meanOut = learn ? copy(meanIn) : meanIn;
            varOut = learn ? copy(varIn) : varIn;
        }
        loadInputs(x);
        for (int l = 0; l < s.layers; l++) {
            forwardLayer(l);
        }
        if (!learn) {
            return;
        }
        feedback(t);
        for (int l = s.layers - 1; l >= 1; l--) {
            backwardLayer(l);
        }
    }

    private void loadInputs(double[] x) {
        double[] a = forwardStates[0];
        int n0 = s.n[0];
        for (int b = 0; b < s.batch; b++) {
            System.arraycopy(x, b * n0, a, b * (n0 + 1), n0);
        }
    }

    private void forwardLayer(int l) {
        LayerRule rule = r.rule[l];
        int nIn = s.n[l];
        int nOut = s.n[l + 1];
        Mixing.mix(rule.phi(), s.k, true, forwardStates[l], mixed[l], s.batch * (nIn + 1));
        for (int c = 0; c < s.k; c++) {
            int zc = s.compact(l + 1, c);
            HeapGemm.gemm(false, false, s.batch, nOut, nIn + 1, 1.0, mixed[l], s.state(l, c), nIn + 1,
                    syn.fHat[l], s.forward(l, c), nOut, 0.0, message[l + 1], zc, nOut);
            for (int b = 0; b < s.batch; b++) {
                for (int j = 0; j < nOut; j++) {
                    int at = zc + b * nOut + j;
                    double prior = spec.zeroNeurons() ? 0.0
                            : rule.keep() * start[l + 1][s.state(l + 1, c) + b * (nOut + 1) + j];
                    z[at] = rule.update() * message[l + 1][at] + prior;
                }
            }
            var sigma = (l + 1 == s.layers ? spec.output() : spec.forward()).forState(c);
            NeuronActivation.forward(z, zc, s.batch, nOut, normalizes(l + 1), statistics(l + 1, c, null, null), r, sigma,
                    znF[l + 1], xhatF[l + 1], invF[l + 1], c * nOut, forwardStates[l + 1], s.state(l + 1, c));
        }
    }

    private void feedback(double[] t) {
        int top = s.layers;
        int nL = s.n[top];
        double[] out = postStates[top];
        System.arraycopy(forwardStates[top], 0, out, 0, out.length);
        for (int c = 1; c < s.k; c++) {
            for (int b = 0; b < s.batch; b++) {
                for (int j = 0; j < nL; j++) {
                    int at = s.state(top, c) + b * (nL + 1) + j;
                    if (c == 1) {
                        double target = t[b * nL + j];
                        out[at] = spec.feedback() == Feedback.ERROR ? out[s.state(top, 0) + b * (nL + 1) + j] - target : target;
                    } else {
                        out[at] = 0.0;
                    }
                }
            }
        }
    }

    private int firstMessageState() {
        return spec.backwardMode() == BackwardMode.MULT_SECOND_STATE ? 1 : 0;
    }

    private void backwardLayer(int l) {
        LayerRule rule = r.rule[l];
        int nIn = s.n[l];
        int nOut = s.n[l + 1];
        Mixing.mix(rule.psi(), s.k, true, postStates[l + 1], mixedUp[l], s.batch * (nOut + 1));
        boolean additive = spec.backwardMode() == BackwardMode.ADDITIVE;
        int first = additive ? 0 : firstMessageState();
        double[] a = forwardStates[l];
        for (int c = 0; c < s.k; c++) {
            int zc = s.compact(l, c);
            if (c >= first) {
                backwardMessage(l, c);
            }
            for (int b = 0; b < s.batch; b++) {
                for (int i = 0; i < nIn; i++) {
                    int at = zc + b * nIn + i;
                    double av = a[s.state(l, c) + b * (nIn + 1) + i];
                    if (additive) {
                        z[at] = rule.update() * back[l][at] + rule.keep() * av;
                    } else {
                        z[at] = c >= first ? rule.keep() * av * back[l][at] : rule.keep() * av;
                    }
                }
            }
            NeuronActivation.forward(z, zc, s.batch, nIn, normalize, null, r, spec.backward().forState(c), znB[l],
                    xhatB[l], invB[l], c * nIn, postStates[l], s.state(l, c));
        }
    }

    /** Whether the forward pass normalises layer l (the output only when normalize-output is on). */
    private boolean normalizes(int l) {
        return normalize && (l < s.layers || normalizeOutput);
    }

    /** The SUPPORT sums the forward normalisation of (l, c) reads or extends; null for plain batch statistics. */
    private NeuronActivation.Statistics statistics(int l, int c, double[][] meanBar, double[][] varBar) {
        if (!support) {
            return null;
        }
        return new NeuronActivation.Statistics(frozen, frozen ? meanIn[l] : meanOut[l], frozen ? varIn[l] : varOut[l],
                learnedIn, c * s.n[l], meanBar == null ? null : meanBar[l], varBar == null ? null : varBar[l]);
    }

    /** The SUPPORT sums after this step ({mean, var}), or null without them. */
    double[][][] statisticsOut() {
        return support ? new double[][][] {meanOut, varOut} : null;
    }

    /** The count of learning steps in the sums after this step. */
    int learnedOut() {
        return support ? learnedIn + (frozen ? 0 : 1) : 0;
    }

    private static double[][] copy(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] == null ? null : x[i].clone();
        }
        return out;
    }

    /** v_c = w_c·Ĝ_c (B×n_l), Ĝ explicit or the transposed rows of F. */
    private void backwardMessage(int l, int c) {
        int nIn = s.n[l];
        int nOut = s.n[l + 1];
        if (s.implicitG) {
            HeapGemm.gemm(false, true, s.batch, nIn, nOut, 1.0, mixedUp[l], s.state(l + 1, c), nOut + 1,
                    syn.hRows[l], syn.hOffset(l, c), nOut, 0.0, back[l], s.compact(l, c), nIn);
        } else {
            HeapGemm.gemm(false, false, s.batch, nIn, nOut, 1.0, mixedUp[l], s.state(l + 1, c), nOut + 1,
                    syn.gHat[l], s.backward(l, c), nIn, 0.0, back[l], s.compact(l, c), nIn);
        }
    }

    /** The lower side p of the Hebbian update of layer l (docs/model.md §3 step 6). */
    double[] pre(int l) {
        if (l == 0) {
            return forwardStates[0];
        }
        return spec.hebbianInputs() == org.blurevolve.network.HebbianInputs.PRE_FROM_FORWARD
                ? forwardStates[l] : postStates[l];
    }

    /** Where the adjoint of {@link #pre} goes (null for the inputs). */
    double[] preBar(int l) {
        if (l == 0) {
            return null;
        }
        return spec.hebbianInputs() == org.blurevolve.network.HebbianInputs.PRE_FROM_FORWARD
                ? forwardBar[l] : postBar[l];
    }

    /** The prediction a^L[:, :, 0] after step 3, as B×n_L. */
    double[] prediction() {
        int nL = s.n[s.layers];
        double[] y = new double[s.batch * nL];
        for (int b = 0; b < s.batch; b++) {
            System.arraycopy(forwardStates[s.layers], b * (nL + 1), y, b * nL, nL);
        }
        return y;
    }

    /** Copies of the states the next step reads (post after learning, forward after a query). */
    double[][] endStates(boolean learn) {
        if (spec.zeroNeurons()) {
            return null;
        }
        double[][] out = new double[s.layers + 1][];
        for (int l = 1; l <= s.layers; l++) {
            double[] src = learn ? postStates[l] : forwardStates[l];
            out[l] = src.clone();
        }
        return out;
    }

    /** Zeroes the adjoint workspace before a step's reverse. */
    void clearAdjoints() {
        for (int l = 0; l <= s.layers; l++) {
            java.util.Arrays.fill(forwardBar[l], 0.0);
            java.util.Arrays.fill(postBar[l], 0.0);
        }
    }

    /** Adjoints of steps 5 and 4 (postBar must be complete for what steps 6 and the next step read). */
    void learnReverse(double[] grad) {
        for (int l = 1; l < s.layers; l++) {
            backwardLayerReverse(l, grad);
        }
        int top = s.layers;
        int nL = s.n[top];
        for (int b = 0; b < s.batch; b++) {
            for (int j = 0; j < nL; j++) {
                int at0 = s.state(top, 0) + b * (nL + 1) + j;
                double g = postBar[top][at0];
                if (spec.feedback() == Feedback.ERROR && s.k > 1) {
                    g += postBar[top][s.state(top, 1) + b * (nL + 1) + j];
                }
                forwardBar[top][at0] += g;
            }
        }
    }

    private void backwardLayerReverse(int l, double[] grad) {
        LayerRule rule = r.rule[l];
        int nIn = s.n[l];
        int nOut = s.n[l + 1];
        boolean additive = spec.backwardMode() == BackwardMode.ADDITIVE;
        int first = additive ? 0 : firstMessageState();
        double[] a = forwardStates[l];
        double[] vBar = new double[s.compactLength(l)];
        double[] wBar = new double[s.stateLength(l + 1)];
        double keepBar = 0;
        double updateBar = 0;
        for (int c = 0; c < s.k; c++) {
            int zc = s.compact(l, c);
            NeuronActivation.reverse(postStates[l], postBar[l], s.state(l, c), s.batch, nIn, normalize, null, r,
                    spec.backward().forState(c),
                    znB[l], xhatB[l], invB[l], c * nIn, zc, z, grad);
            for (int b = 0; b < s.batch; b++) {
                for (int i = 0; i < nIn; i++) {
                    int at = zc + b * nIn + i;
                    int sa = s.state(l, c) + b * (nIn + 1) + i;
                    double zb = z[at];
                    double av = a[sa];
                    if (additive) {
                        forwardBar[l][sa] += rule.keep() * zb;
                        keepBar += zb * av;
                        updateBar += zb * back[l][at];
                        vBar[at] = rule.update() * zb;
                    } else if (c >= first) {
                        double v = back[l][at];
                        forwardBar[l][sa] += rule.keep() * v * zb;
                        keepBar += zb * av * v;
                        vBar[at] = rule.keep() * av * zb;
                    } else {
                        forwardBar[l][sa] += rule.keep() * zb;
                        keepBar += zb * av;
                    }
                }
            }
            if (c >= first) {
                backwardMessageReverse(l, c, vBar, wBar);
            }
        }
        grad[r.keep(l)] += keepBar;
        if (additive) {
            grad[r.update(l)] += updateBar;
        }
        Mixing.reverse(rule.psi(), s.k, true, postStates[l + 1], wBar, postBar[l + 1], s.batch * (nOut + 1),
                grad, r, l, 1);
    }

    private void backwardMessageReverse(int l, int c, double[] vBar, double[] wBar) {
        int nIn = s.n[l];
        int nOut = s.n[l + 1];
        if (s.implicitG) {
            HeapGemm.gemm(false, false, s.batch, nOut, nIn, 1.0, vBar, s.compact(l, c), nIn,
                    syn.hRows[l], syn.hOffset(l, c), nOut, 0.0, wBar, s.state(l + 1, c), nOut + 1);
            HeapGemm.gemm(true, false, nIn, nOut, s.batch, 1.0, vBar, s.compact(l, c), nIn,
                    mixedUp[l], s.state(l + 1, c), nOut + 1, 1.0, syn.hBar[l], syn.hOffset(l, c), nOut);
        } else {
            HeapGemm.gemm(false, true, s.batch, nOut, nIn, 1.0, vBar, s.compact(l, c), nIn,
                    syn.gHat[l], s.backward(l, c), nIn, 0.0, wBar, s.state(l + 1, c), nOut + 1);
            HeapGemm.gemm(true, false, nOut, nIn, s.batch, 1.0, mixedUp[l], s.state(l + 1, c), nOut + 1,
                    vBar, s.compact(l, c), nIn, 1.0, syn.gHatBar[l], s.backward(l, c), nIn);
        }
    }

    /**
     * Adjoint of step 3 from {@link #forwardBar}; returns the adjoint of the start states (null
     * under zeroNeurons). {@code meanBar}, {@code varBar}: the adjoint of the SUPPORT sums after the
     * step, turned in place into the adjoint of the sums before it (null without them).
     */
    double[][] forwardReverse(double[] grad, double[][] meanBar, double[][] varBar) {
        double[][] startBar = spec.zeroNeurons() ? null : new double[s.layers + 1][];
        for (int l = s.layers - 1; l >= 0; l--) {
            LayerRule rule = r.rule[l];
            int nIn = s.n[l];
            int nOut = s.n[l + 1];
            double[] mBar = new double[s.stateLength(l)];
            if (startBar != null) {
                startBar[l + 1] = new double[s.stateLength(l + 1)];
            }
            double keepBar = 0;
            double updateBar = 0;
            for (int c = 0; c < s.k; c++) {
                int zc = s.compact(l + 1, c);
                var sigma = (l + 1 == s.layers ? spec.output() : spec.forward()).forState(c);
                NeuronActivation.reverse(forwardStates[l + 1], forwardBar[l + 1], s.state(l + 1, c), s.batch, nOut,
                        normalizes(l + 1), statistics(l + 1, c, meanBar, varBar), r, sigma,
                        znF[l + 1], xhatF[l + 1], invF[l + 1], c * nOut, zc, z, grad);
                for (int b = 0; b < s.batch; b++) {
                    for (int j = 0; j < nOut; j++) {
                        int at = zc + b * nOut + j;
                        double zb = z[at];
                        updateBar += zb * message[l + 1][at];
                        if (startBar != null) {
                            int sa = s.state(l + 1, c) + b * (nOut + 1) + j;
                            startBar[l + 1][sa] += rule.keep() * zb;
                            keepBar += zb * start[l + 1][sa];
                        }
                        z[at] = rule.update() * zb;
                    }
                }
                HeapGemm.gemm(false, true, s.batch, nIn + 1, nOut, 1.0, z, zc, nOut, syn.fHat[l], s.forward(l, c), nOut,
                        0.0, mBar, s.state(l, c), nIn + 1);
                HeapGemm.gemm(true, false, nIn + 1, nOut, s.batch, 1.0, mixed[l], s.state(l, c), nIn + 1, z, zc, nOut,
                        1.0, syn.fHatBar[l], s.forward(l, c), nOut);
            }
            grad[r.update(l)] += updateBar;
            grad[r.keep(l)] += keepBar;
            Mixing.reverse(rule.phi(), s.k, true, forwardStates[l], mBar, l == 0 ? null : forwardBar[l],
                    s.batch * (nIn + 1), grad, r, l, 0);
        }
        return startBar;
    }
}
