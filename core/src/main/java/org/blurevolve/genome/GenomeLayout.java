package org.blurevolve.genome;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where each gene of a flat genome vector lives (docs/model.md §2): {@code blocks} rule blocks of 4K²+4
 * genes (one block shared by all layers, or one per synapse layer), then the enabled optional
 * scalars in {@link OptionalScalar} order. Immutable.
 *
 * @param k       states per neuron, at least 2
 * @param blocks  number of rule blocks: 1 for a shared genome, L for a per-layer genome
 * @param scalars the enabled optional scalars, in enum order, without repeats
 */
public record GenomeLayout(int k, int blocks, List<OptionalScalar> scalars) implements java.io.Serializable {

    public GenomeLayout {
        if (k < 2) {
            throw new IllegalArgumentException("K = " + k + ", must be >= 2");
        }
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks = " + blocks + ", must be >= 1");
        }
        EnumSet<OptionalScalar> set = scalars.isEmpty()
                ? EnumSet.noneOf(OptionalScalar.class) : EnumSet.copyOf(scalars);
        if (set.size() != scalars.size()) {
            throw new IllegalArgumentException("optional scalars repeat: " + scalars);
        }
        scalars = List.copyOf(set);
    }

    /** The paper's default: one block shared by every layer, no optional scalars. */
    public static GenomeLayout shared(int k) {
        return new GenomeLayout(k, 1, List.of());
    }

    /** Copy with these optional scalars enabled. */
    public GenomeLayout withScalars(Set<OptionalScalar> enabled) {
        return new GenomeLayout(k, blocks, List.copyOf(enabled));
    }

    /** Genes in one rule block: 4K²+4. */
    public int blockLength() {
        return 4 * k * k + 4;
    }

    /** Total genes: blocks·(4K²+4) + number of optional scalars. */
    public int length() {
        return blocks * blockLength() + scalars.size();
    }

    /** Whether the optional scalar is part of this layout. */
    public boolean has(OptionalScalar scalar) {
        return scalars.contains(scalar);
    }

    /** Index of an enabled optional scalar in the flat vector. */
    public int indexOf(OptionalScalar scalar) {
        int pos = scalars.indexOf(scalar);
        if (pos < 0) {
            throw new IllegalArgumentException("genome layout has no " + scalar + " scalar: " + this);
        }
        return blocks * blockLength() + pos;
    }

    /** How {@link #length()} is computed, for error messages. */
    public String describeLength() {
        return length() + " = " + blocks + " block(s) × (4·K²+4 = " + blockLength() + " for K=" + k + ")"
                + " + " + scalars.size() + " optional scalar(s) " + scalars;
    }
}
