package org.blurevolve.genome;

/**
 * One decoded rule block (docs/model.md §2): the K×K matrices, row-major with row = state read and
 * column = state produced, and the four gates. Arrays are owned by this value; do not modify them.
 *
 * @param phi       Φ, forward mix (pre state k → post state c)
 * @param psi       Ψ, backward mix (post state k → pre state c)
 * @param keep      f, neuron forget gate
 * @param update    η, neuron update gate
 * @param pre       P, Hebbian transform of the row neuron
 * @param post      Q, Hebbian transform of the column neuron
 * @param synKeep   f~, synapse forget gate
 * @param synUpdate η~, Hebbian rate
 */
public record LayerRule(int k, double[] phi, double[] psi, double keep, double update,
                        double[] pre, double[] post, double synKeep, double synUpdate) {

    /** Decodes the block that starts at {@code offset} in a flat genome vector. */
    static LayerRule decode(int k, double[] genes, int offset) {
        int kk = k * k;
        return new LayerRule(k,
                slice(genes, offset, kk),
                slice(genes, offset + kk, kk),
                genes[offset + 2 * kk],
                genes[offset + 2 * kk + 1],
                slice(genes, offset + 2 * kk + 2, kk),
                slice(genes, offset + 3 * kk + 2, kk),
                genes[offset + 4 * kk + 2],
                genes[offset + 4 * kk + 3]);
    }

    /** Writes this block into a flat genome vector at {@code offset}. */
    void encode(double[] genes, int offset) {
        int kk = k * k;
        System.arraycopy(phi, 0, genes, offset, kk);
        System.arraycopy(psi, 0, genes, offset + kk, kk);
        genes[offset + 2 * kk] = keep;
        genes[offset + 2 * kk + 1] = update;
        System.arraycopy(pre, 0, genes, offset + 2 * kk + 2, kk);
        System.arraycopy(post, 0, genes, offset + 3 * kk + 2, kk);
        genes[offset + 4 * kk + 2] = synKeep;
        genes[offset + 4 * kk + 3] = synUpdate;
    }

    private static double[] slice(double[] genes, int from, int length) {
        double[] out = new double[length];
        System.arraycopy(genes, from, out, 0, length);
        return out;
    }
}
