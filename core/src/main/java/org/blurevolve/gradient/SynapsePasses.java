package org.blurevolve.gradient;

import org.blurevolve.genome.LayerRule;
import org.blurevolve.network.Activation;
import org.blurevolve.network.HeapGemm;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.SynapseNormalization;
import org.blurevolve.network.SynapseSymmetry;

/**
 * Steps 2 and 6 of docs/model.md §3 for one replica, with the records their adjoints need: the
 * synapse normalisation that yields the stored values X and the read copies F̂, Ĝ, and the Hebbian
 * update with the §5 stabilisers. Not thread-safe: one unroll owns its workspace.
 */
final class SynapsePasses {
    private final Shape s;
    private final NetworkSpec spec;
    private final SynapseNormalization mode;
    private Rules r;
    /** Step-2 outputs: stored values X (read by step 6), read copies (steps 3 and 5). */
    final double[][] fS;
    final double[][] gS;
    final double[][] fHat;
    final double[][] gHat;
    /** Implicit G: the rows of F (or their normalised copy) read transposed, at {@link #hOffset}. */
    final double[][] hRows;
    /** Adjoints of the read copies, filled by the neuron passes. */
    final double[][] fHatBar;
    final double[][] gHatBar;
    final double[][] hBar;
    private double[][] in;
    private double[][] inG;
    private final double[][] pm;
    private final double[][] qm;
    private final double[][] qp;
    private final double[][] pq;
    private final double[][] dF;
    private final double[][] dG;
    private final double[][] nextF;
    private final double[][] nextG;

    SynapsePasses(Shape s, NetworkSpec spec) {
        this.s = s;
        this.spec = spec;
        this.mode = spec.stabilizers().normalization();
        int layers = s.layers;
        fS = new double[layers][];
        gS = new double[layers][];
        fHat = new double[layers][];
        gHat = new double[layers][];
        hRows = new double[layers][];
        fHatBar = new double[layers][];
        gHatBar = new double[layers][];
        hBar = new double[layers][];
        pm = new double[layers][];
        qm = new double[layers][];
        qp = new double[layers][];
        pq = new double[layers][];
        dF = new double[layers][];
        dG = new double[layers][];
        nextF = new double[layers][];
        nextG = new double[layers][];
        boolean asym = spec.symmetry() == SynapseSymmetry.ASYMMETRIC;
        for (int l = 0; l < layers; l++) {
            fHatBar[l] = new double[s.forwardLength(l)];
            gHatBar[l] = s.implicitG ? null : new double[s.backwardLength(l)];
            hBar[l] = s.implicitG ? new double[mode == SynapseNormalization.OFF ? s.forwardLength(l) : s.backwardLength(l)] : null;
            if (mode != SynapseNormalization.OFF) {
                fHat[l] = new double[s.forwardLength(l)];
                gHat[l] = s.implicitG ? null : new double[s.backwardLength(l)];
                hRows[l] = s.implicitG ? new double[s.backwardLength(l)] : null;
            }
            pm[l] = new double[s.stateLength(l)];
            qm[l] = new double[s.stateLength(l + 1)];
            qp[l] = asym ? new double[s.stateLength(l + 1)] : null;
            pq[l] = asym ? new double[s.stateLength(l)] : null;
            dF[l] = new double[s.forwardLength(l)];
            dG[l] = s.implicitG ? null : new double[s.backwardLength(l)];
            nextF[l] = new double[s.forwardLength(l)];
            nextG[l] = s.implicitG ? null : new double[s.backwardLength(l)];
        }
    }

    void setRules(Rules rules) {
        this.r = rules;
    }

    /** Start of channel c's block in {@link #hRows}: F's layout when not normalised, else compact n_l×n_{l+1}. */
    int hOffset(int l, int c) {
        return mode == SynapseNormalization.OFF ? s.forward(l, c) : s.backward(l, c);
    }

    /** Step 2 on the step's input synapses; clears the read-copy adjoints. */
    void prepare(ReplicaState state) {
        in = state.forward();
        inG = state.backward();
        for (int l = 0; l < s.layers; l++) {
            java.util.Arrays.fill(fHatBar[l], 0.0);
            if (gHatBar[l] != null) {
                java.util.Arrays.fill(gHatBar[l], 0.0);
            }
            if (hBar[l] != null) {
                java.util.Arrays.fill(hBar[l], 0.0);
            }
            int nIn = s.n[l];
            int nOut = s.n[l + 1];
            switch (mode) {
                case OFF -> {
                    fS[l] = in[l];
                    gS[l] = inG[l];
                    fHat[l] = in[l];
                    gHat[l] = inG[l];
                    hRows[l] = s.implicitG ? in[l] : null;
                }
                case STORED -> {
                    fS[l] = new double[s.forwardLength(l)];
                    gS[l] = new double[s.backwardLength(l)];
                    for (int o = 0; o < s.ks; o++) {
                        SynapseNorm.columns(in[l], s.forward(l, o), nIn + 1, nOut, r.rho, fS[l], s.forward(l, o));
                        SynapseNorm.columns(inG[l], s.backward(l, o), nOut, nIn, r.rho, gS[l], s.backward(l, o));
                    }
                    fHat[l] = fS[l];
                    gHat[l] = gS[l];
                }
                case IN_ACTIVATIONS -> {
                    fS[l] = in[l];
                    gS[l] = inG[l];
                    for (int o = 0; o < s.ks; o++) {
                        SynapseNorm.columns(in[l], s.forward(l, o), nIn + 1, nOut, r.rho, fHat[l], s.forward(l, o));
                        if (s.implicitG) {
                            SynapseNorm.rows(in[l], s.forward(l, o), nIn, nOut, r.rho, hRows[l], s.backward(l, o));
                        } else {
                            SynapseNorm.columns(inG[l], s.backward(l, o), nOut, nIn, r.rho, gHat[l], s.backward(l, o));
                        }
                    }
                }
                default -> throw new IllegalStateException(mode.toString());
            }
        }
    }

    /**
     * Step 6: the synapses after the Hebbian update, from p (lower, state layout) and q (upper) per
     * layer. Returns fresh arrays.
     */
    double[][][] hebbian(double[][] p, double[][] q) {
        double[][] outF = new double[s.layers][];
        double[][] outG = new double[s.layers][];
        for (int l = 0; l < s.layers; l++) {
            LayerRule rule = r.rule[l];
            int nIn = s.n[l];
            int nOut = s.n[l + 1];
            int colsP = s.batch * (nIn + 1);
            int colsQ = s.batch * (nOut + 1);
            Mixing.mix(rule.pre(), s.k, true, p[l], pm[l], colsP);
            Mixing.mix(rule.post(), s.k, false, q[l], qm[l], colsQ);
            for (int o = 0; o < s.ks; o++) {
                HeapGemm.gemm(true, false, nIn + 1, nOut, s.batch, 1.0, pm[l], s.state(l, o), nIn + 1,
                        qm[l], s.state(l + 1, o), nOut + 1, 0.0, dF[l], s.forward(l, o), nOut);
            }
            outF[l] = update(l, fS[l], dF[l], nextF[l], nIn + 1, nOut, s.forwardBlock(l));
            if (s.implicitG) {
                continue;
            }
            double[] row = qm[l];
            double[] col = pm[l];
            if (qp[l] != null) {
                Mixing.mix(rule.pre(), s.k, true, q[l], qp[l], colsQ);
                Mixing.mix(rule.post(), s.k, false, p[l], pq[l], colsP);
                row = qp[l];
                col = pq[l];
            }
            for (int o = 0; o < s.ks; o++) {
                HeapGemm.gemm(true, false, nOut, nIn, s.batch, 1.0, row, s.state(l + 1, o), nOut + 1,
                        col, s.state(l, o), nIn + 1, 0.0, dG[l], s.backward(l, o), nIn);
            }
            outG[l] = update(l, gS[l], dG[l], nextG[l], nOut, nIn, s.backwardBlock(l));
        }
        return new double[][][] {outF, outG};
    }

    private double[] update(int l, double[] x, double[] dx, double[] next, int rows, int cols, int block) {
        double fk = r.rule[l].synKeep();
        double eta = r.rule[l].synUpdate();
        boolean saturating = spec.stabilizers().saturation();
        double kappa = -r.oja * Math.signum(eta);
        double[] out = new double[x.length];
        for (int o = 0; o < s.ks; o++) {
            int off = o * block;
            double[] colSq = columnSquares(x, off, rows, cols);
            Activation sigma = spec.synapse().forState(o);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int at = off + i * cols + j;
                    double xv = x[at];
                    double inc = dx[at] + kappa * xv * colSq[j];
                    double v = saturating
                            ? xv + ((fk - 1.0) * xv + eta * inc) * Math.exp(-Math.abs(xv) * r.saturationRate)
                            : fk * xv + eta * inc;
                    next[at] = v;
                    out[at] = sigma.apply(v);
                }
            }
        }
        return out;
    }

    private double[] columnSquares(double[] x, int off, int rows, int cols) {
        double[] sq = new double[cols];
        if (r.oja == 0.0) {
            return sq;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = x[off + i * cols + j];
                sq[j] += v * v;
            }
        }
        return sq;
    }

    /**
     * Adjoint of step 6: from the adjoints of the updated synapses to those of X (returned as
     * {F̄, Ḡ} wrt {@link #fS}, {@link #gS}) and of p and q (added into {@code pBar}, {@code qBar}).
     */
    double[][][] hebbianReverse(ReplicaState outBar, double[][] p, double[][] q, double[][] pBar, double[][] qBar,
                                double[] grad) {
        double[][] xF = new double[s.layers][];
        double[][] xG = new double[s.layers][];
        for (int l = 0; l < s.layers; l++) {
            LayerRule rule = r.rule[l];
            int nIn = s.n[l];
            int nOut = s.n[l + 1];
            int colsP = s.batch * (nIn + 1);
            int colsQ = s.batch * (nOut + 1);
            double[] dFBar = new double[dF[l].length];
            xF[l] = updateReverse(l, fS[l], dF[l], nextF[l], outBar.forward()[l], dFBar, nIn + 1, nOut,
                    s.forwardBlock(l), grad);
            double[] pmBar = new double[pm[l].length];
            double[] qmBar = new double[qm[l].length];
            for (int o = 0; o < s.ks; o++) {
                productReverse(pm[l], s.state(l, o), nIn + 1, qm[l], s.state(l + 1, o), nOut + 1,
                        dFBar, s.forward(l, o), nIn + 1, nOut, pmBar, qmBar);
            }
            if (!s.implicitG) {
                double[] dGBar = new double[dG[l].length];
                xG[l] = updateReverse(l, gS[l], dG[l], nextG[l], outBar.backward()[l], dGBar, nOut, nIn,
                        s.backwardBlock(l), grad);
                if (qp[l] == null) {
                    for (int o = 0; o < s.ks; o++) {
                        productReverse(qm[l], s.state(l + 1, o), nOut + 1, pm[l], s.state(l, o), nIn + 1,
                                dGBar, s.backward(l, o), nOut, nIn, qmBar, pmBar);
                    }
                } else {
                    double[] qpBar = new double[qp[l].length];
                    double[] pqBar = new double[pq[l].length];
                    for (int o = 0; o < s.ks; o++) {
                        productReverse(qp[l], s.state(l + 1, o), nOut + 1, pq[l], s.state(l, o), nIn + 1,
                                dGBar, s.backward(l, o), nOut, nIn, qpBar, pqBar);
                    }
                    Mixing.reverse(rule.pre(), s.k, true, q[l], qpBar, qBar[l], colsQ, grad, r, l, 2);
                    Mixing.reverse(rule.post(), s.k, false, p[l], pqBar, pBar[l], colsP, grad, r, l, 3);
                }
            }
            Mixing.reverse(rule.pre(), s.k, true, p[l], pmBar, pBar[l], colsP, grad, r, l, 2);
            Mixing.reverse(rule.post(), s.k, false, q[l], qmBar, qBar[l], colsQ, grad, r, l, 3);
        }
        return new double[][][] {xF, xG};
    }

    /** Adjoint of Δ = Rowᵀ·Col (Row B×rows, Col B×cols): Row̄ += Col·Δ̄ᵀ, Col̄ += Row·Δ̄. */
    private void productReverse(double[] row, int rowOff, int ldRow, double[] col, int colOff, int ldCol,
                                double[] dBar, int dOff, int rows, int cols, double[] rowBar, double[] colBar) {
        HeapGemm.gemm(false, true, s.batch, rows, cols, 1.0, col, colOff, ldCol, dBar, dOff, cols,
                1.0, rowBar, rowOff, ldRow);
        HeapGemm.gemm(false, false, s.batch, cols, rows, 1.0, row, rowOff, ldRow, dBar, dOff, cols,
                1.0, colBar, colOff, ldCol);
    }

    /** Adjoint of {@link #update}: returns X̄, fills Δ̄ and adds f~, η~, m_oja and s_sat adjoints. */
    private double[] updateReverse(int l, double[] x, double[] dx, double[] next, double[] outBar, double[] dxBar,
                                   int rows, int cols, int block, double[] grad) {
        double fk = r.rule[l].synKeep();
        double eta = r.rule[l].synUpdate();
        boolean saturating = spec.stabilizers().saturation();
        double kappa = -r.oja * Math.signum(eta);
        double[] xBar = new double[x.length];
        double fkBar = 0;
        double etaBar = 0;
        double ojaBar = 0;
        double rateBar = 0;
        for (int o = 0; o < s.ks; o++) {
            int off = o * block;
            double[] colSq = columnSquares(x, off, rows, cols);
            double[] colSqBar = new double[cols];
            Activation sigma = spec.synapse().forState(o);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int at = off + i * cols + j;
                    double xv = x[at];
                    double g = outBar[at] * sigma.derivative(next[at]);
                    double inc = dx[at] + kappa * xv * colSq[j];
                    double incBar;
                    if (saturating) {
                        double e = Math.exp(-Math.abs(xv) * r.saturationRate);
                        double d = (fk - 1.0) * xv + eta * inc;
                        incBar = g * e;
                        xBar[at] += g * (1.0 - d * r.saturationRate * Math.signum(xv) * e) + incBar * (fk - 1.0);
                        fkBar += incBar * xv;
                        rateBar -= g * d * e * Math.abs(xv);
                    } else {
                        incBar = g;
                        xBar[at] += g * fk;
                        fkBar += g * xv;
                    }
                    etaBar += incBar * inc;
                    double termBar = eta * incBar;
                    dxBar[at] = termBar;
                    xBar[at] += kappa * termBar * colSq[j];
                    colSqBar[j] += kappa * termBar * xv;
                    ojaBar -= Math.signum(eta) * termBar * xv * colSq[j];
                }
            }
            if (r.oja != 0.0) {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        int at = off + i * cols + j;
                        xBar[at] += 2.0 * x[at] * colSqBar[j];
                    }
                }
            }
        }
        grad[r.synKeep(l)] += fkBar;
        grad[r.synUpdate(l)] += etaBar;
        if (spec.stabilizers().oja()) {
            r.addOja(grad, ojaBar);
        }
        if (saturating) {
            r.addSaturation(grad, rateBar);
        }
        return xBar;
    }

    /**
     * Adjoint of step 2: the input synapses' adjoint from that of X ({@code xBar}, null entries
     * meaning zero) and of the read copies ({@link #fHatBar}, {@link #gHatBar}, {@link #hBar}).
     */
    ReplicaState prepareReverse(double[][] xF, double[][] xG, double[] grad) {
        double[][] f = new double[s.layers][];
        double[][] g = new double[s.layers][];
        double rhoBar = 0;
        for (int l = 0; l < s.layers; l++) {
            int nIn = s.n[l];
            int nOut = s.n[l + 1];
            double[] sF = sum(xF[l], mode == SynapseNormalization.IN_ACTIVATIONS ? null : fHatBar[l], s.forwardLength(l));
            double[] sG = s.implicitG ? null
                    : sum(xG[l], mode == SynapseNormalization.IN_ACTIVATIONS ? null : gHatBar[l], s.backwardLength(l));
            switch (mode) {
                case OFF -> {
                    if (s.implicitG) {
                        add(sF, hBar[l]);
                    }
                    f[l] = sF;
                    g[l] = sG;
                }
                case STORED -> {
                    f[l] = new double[sF.length];
                    g[l] = new double[sG.length];
                    for (int o = 0; o < s.ks; o++) {
                        rhoBar += SynapseNorm.columnsReverse(in[l], s.forward(l, o), nIn + 1, nOut, r.rho,
                                sF, s.forward(l, o), f[l], s.forward(l, o));
                        rhoBar += SynapseNorm.columnsReverse(inG[l], s.backward(l, o), nOut, nIn, r.rho,
                                sG, s.backward(l, o), g[l], s.backward(l, o));
                    }
                }
                case IN_ACTIVATIONS -> {
                    for (int o = 0; o < s.ks; o++) {
                        rhoBar += SynapseNorm.columnsReverse(in[l], s.forward(l, o), nIn + 1, nOut, r.rho,
                                fHatBar[l], s.forward(l, o), sF, s.forward(l, o));
                        if (s.implicitG) {
                            rhoBar += SynapseNorm.rowsReverse(in[l], s.forward(l, o), nIn, nOut, r.rho,
                                    hBar[l], s.backward(l, o), sF, s.forward(l, o));
                        } else {
                            rhoBar += SynapseNorm.columnsReverse(inG[l], s.backward(l, o), nOut, nIn, r.rho,
                                    gHatBar[l], s.backward(l, o), sG, s.backward(l, o));
                        }
                    }
                    f[l] = sF;
                    g[l] = sG;
                }
                default -> throw new IllegalStateException(mode.toString());
            }
        }
        if (spec.stabilizers().rescale()) {
            grad[r.rhoGene()] += rhoBar;
        }
        return new ReplicaState(f, g, null, null, null, 0);
    }

    private static double[] sum(double[] a, double[] b, int length) {
        double[] out = new double[length];
        add(out, a);
        add(out, b);
        return out;
    }

    private static void add(double[] dst, double[] src) {
        if (src != null) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] += src[i];
            }
        }
    }
}
