package org.blurevolve.genome;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A BLUR genome: the flat gene vector of docs/model.md §2 together with its layout. Immutable; the
 * gene array is copied in and out. A vector of the wrong length or with NaN/Inf is rejected.
 */
public record Genome(GenomeLayout layout, double[] genes) {

    public Genome {
        if (genes.length != layout.length()) {
            throw new IllegalArgumentException("genome has " + genes.length + " genes, expected "
                    + layout.describeLength());
        }
        genes = genes.clone();
        for (int i = 0; i < genes.length; i++) {
            if (!Double.isFinite(genes[i])) {
                throw new IllegalArgumentException("gene " + i + " is " + genes[i] + "; genes must be finite");
            }
        }
    }

    @Override
    public double[] genes() {
        return genes.clone();
    }

    public int k() {
        return layout.k();
    }

    /** The rule block that drives synapse layer {@code layer} (block 0 when the genome is shared). */
    public LayerRule rule(int layer) {
        int block = layout.blocks() == 1 ? 0 : layer;
        if (block >= layout.blocks()) {
            throw new IllegalArgumentException("per-layer genome has " + layout.blocks()
                    + " blocks, asked for synapse layer " + layer);
        }
        return LayerRule.decode(layout.k(), genes, block * layout.blockLength());
    }

    /** The value of an optional scalar, or its initial value when the layout does not have it. */
    public double scalar(OptionalScalar scalar) {
        return layout.has(scalar) ? genes[layout.indexOf(scalar)] : scalar.initialValue();
    }

    /** Builds a genome from decoded blocks (in layer order) and scalar values (in layout order). */
    public static Genome of(GenomeLayout layout, List<LayerRule> rules, double... scalarValues) {
        if (rules.size() != layout.blocks() || scalarValues.length != layout.scalars().size()) {
            throw new IllegalArgumentException("need " + layout.blocks() + " blocks and "
                    + layout.scalars().size() + " scalars, got " + rules.size() + " and " + scalarValues.length);
        }
        double[] genes = new double[layout.length()];
        for (int b = 0; b < rules.size(); b++) {
            rules.get(b).encode(genes, b * layout.blockLength());
        }
        System.arraycopy(scalarValues, 0, genes, layout.blocks() * layout.blockLength(), scalarValues.length);
        return new Genome(layout, genes);
    }

    /**
     * A random genome with the initialisation of docs/model.md §2: matrices N(0,1), f = η = f~ = 1,
     * η~ = −1e-3, optional scalars at their initial values.
     */
    public static Genome random(GenomeLayout layout, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int k = layout.k();
        double[] genes = new double[layout.length()];
        for (int b = 0; b < layout.blocks(); b++) {
            LayerRule rule = new LayerRule(k, gaussian(rng, k), gaussian(rng, k), 1, 1,
                    gaussian(rng, k), gaussian(rng, k), 1, -1e-3);
            rule.encode(genes, b * layout.blockLength());
        }
        for (OptionalScalar s : layout.scalars()) {
            genes[layout.indexOf(s)] = s.initialValue();
        }
        return new Genome(layout, genes);
    }

    /**
     * The backprop genome of docs/model.md §6 (K = 2, shared): Φ = [[1,1],[0,0]], Ψ = I, f = η = 1,
     * P = I, Q = [[0,1],[1,0]], f~ = 1, η~ = {@code synUpdate} (−lr for ERROR feedback, +lr for
     * TARGET feedback). It is exact SGD only with the network settings listed in docs/model.md §6.
     */
    public static Genome backprop(double synUpdate) {
        LayerRule rule = new LayerRule(2, new double[] {1, 1, 0, 0}, identity(2), 1, 1,
                identity(2), new double[] {0, 1, 1, 0}, 1, synUpdate);
        return of(GenomeLayout.shared(2), List.of(rule));
    }

    /** Copy with the optional scalars of {@code layout} added at their initial values (or kept). */
    public Genome withLayout(GenomeLayout target) {
        if (target.k() != layout.k() || target.blocks() != layout.blocks()) {
            throw new IllegalArgumentException("cannot reshape " + layout + " into " + target);
        }
        double[] out = new double[target.length()];
        System.arraycopy(genes, 0, out, 0, layout.blocks() * layout.blockLength());
        for (OptionalScalar s : target.scalars()) {
            out[target.indexOf(s)] = scalar(s);
        }
        return new Genome(target, out);
    }

    /** The optional scalars enabled in this genome's layout. */
    public EnumSet<OptionalScalar> scalars() {
        return layout.scalars().isEmpty() ? EnumSet.noneOf(OptionalScalar.class) : EnumSet.copyOf(layout.scalars());
    }

    private static double[] gaussian(SplittableRandom rng, int k) {
        double[] m = new double[k * k];
        for (int i = 0; i < m.length; i++) {
            m[i] = gaussian(rng);
        }
        return m;
    }

    /** Standard normal by Box–Muller from a splittable generator, so draws are reproducible across JVMs. */
    static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double[] identity(int k) {
        double[] m = new double[k * k];
        for (int i = 0; i < k; i++) {
            m[i * k + i] = 1;
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Genome g && g.layout.equals(layout) && Arrays.equals(g.genes, genes);
    }

    @Override
    public int hashCode() {
        return 31 * layout.hashCode() + Arrays.hashCode(genes);
    }

    @Override
    public String toString() {
        return "Genome[" + layout + ", " + Arrays.toString(genes) + "]";
    }
}
