package org.blurevolve.gradient;

import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.genome.LayerRule;
import org.blurevolve.genome.OptionalScalar;
import org.blurevolve.network.Stabilizers;

/**
 * A genome decoded per synapse layer for the adjoint, with the index in the flat gene vector of
 * every value it reads (docs/model.md §2), so adjoints land on the right gene; a shared genome maps
 * every layer to block 0 and its adjoints add up. Immutable after construction.
 */
final class Rules {
    final int k;
    final LayerRule[] rule;
    private final GenomeLayout layout;
    /** |m_oja| (0 when off), ε + |s_sat|, ρ (1 when off), γ, β. */
    final double oja;
    final double saturationRate;
    final double rho;
    final double gamma;
    final double shift;
    private final double ojaGene;
    private final double saturationGene;

    Rules(Genome genome, int layers, Stabilizers st) {
        this.k = genome.k();
        this.layout = genome.layout();
        this.rule = new LayerRule[layers];
        for (int l = 0; l < layers; l++) {
            rule[l] = genome.rule(l);
        }
        ojaGene = genome.scalar(OptionalScalar.OJA);
        saturationGene = genome.scalar(OptionalScalar.SATURATION);
        oja = st.oja() ? Math.abs(ojaGene) : 0.0;
        saturationRate = st.saturationEpsilon() + Math.abs(saturationGene);
        rho = st.rescale() ? genome.scalar(OptionalScalar.RESCALE) : 1.0;
        gamma = genome.scalar(OptionalScalar.NORM_GAIN);
        shift = genome.scalar(OptionalScalar.NORM_SHIFT);
    }

    int length() {
        return layout.length();
    }

    private int block(int l) {
        return (layout.blocks() == 1 ? 0 : l) * layout.blockLength();
    }

    /** Gene of Φ[r,c] (matrix 0), Ψ (1), P (2) or Q (3) of layer l's block. */
    int matrix(int l, int which, int r, int c) {
        int kk = k * k;
        int start = switch (which) {
            case 0 -> 0;
            case 1 -> kk;
            case 2 -> 2 * kk + 2;
            default -> 3 * kk + 2;
        };
        return block(l) + start + r * k + c;
    }

    int keep(int l) {
        return block(l) + 2 * k * k;
    }

    int update(int l) {
        return block(l) + 2 * k * k + 1;
    }

    int synKeep(int l) {
        return block(l) + 4 * k * k + 2;
    }

    int synUpdate(int l) {
        return block(l) + 4 * k * k + 3;
    }

    /** Adds d(loss)/d|m_oja| to the m_oja gene (chain rule through the absolute value). */
    void addOja(double[] grad, double dAbs) {
        grad[layout.indexOf(OptionalScalar.OJA)] += dAbs * Math.signum(ojaGene);
    }

    /** Adds d(loss)/d(ε + |s_sat|) to the s_sat gene. */
    void addSaturation(double[] grad, double dRate) {
        grad[layout.indexOf(OptionalScalar.SATURATION)] += dRate * Math.signum(saturationGene);
    }

    int rhoGene() {
        return layout.indexOf(OptionalScalar.RESCALE);
    }

    int gammaGene() {
        return layout.indexOf(OptionalScalar.NORM_GAIN);
    }

    int shiftGene() {
        return layout.indexOf(OptionalScalar.NORM_SHIFT);
    }
}
