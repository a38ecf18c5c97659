package org.blurevolve.driver.evolution;

import io.jenetics.Crossover;
import io.jenetics.DoubleGene;
import io.jenetics.util.MSeq;
import io.jenetics.util.RandomRegistry;
import java.util.ArrayList;
import java.util.List;
import org.blurevolve.genome.GenomeLayout;

/**
 * Crossover that respects the genome's structure (docs/model.md §2): each unit — a whole K×K matrix
 * (Φ, Ψ, P, Q), a gate pair (f, η) or (f~, η~), an optional scalar — is swapped between the two
 * parents with probability ½, so a child inherits complete matrices rather than torn rows. Immutable.
 */
public final class BlockCrossover extends Crossover<DoubleGene, Double> {
    private final int[][] units;

    public BlockCrossover(double rate, GenomeLayout layout) {
        super(rate);
        this.units = units(layout);
    }

    static int[][] units(GenomeLayout layout) {
        int kk = layout.k() * layout.k();
        List<int[]> out = new ArrayList<>();
        for (int b = 0; b < layout.blocks(); b++) {
            int o = b * layout.blockLength();
            out.add(new int[] {o, o + kk});
            out.add(new int[] {o + kk, o + 2 * kk});
            out.add(new int[] {o + 2 * kk, o + 2 * kk + 2});
            out.add(new int[] {o + 2 * kk + 2, o + 3 * kk + 2});
            out.add(new int[] {o + 3 * kk + 2, o + 4 * kk + 2});
            out.add(new int[] {o + 4 * kk + 2, o + 4 * kk + 4});
        }
        for (int s = layout.blocks() * layout.blockLength(); s < layout.length(); s++) {
            out.add(new int[] {s, s + 1});
        }
        return out.toArray(new int[0][]);
    }

    @Override
    protected int crossover(MSeq<DoubleGene> that, MSeq<DoubleGene> other) {
        var random = RandomRegistry.random();
        int swapped = 0;
        for (int[] unit : units) {
            if (random.nextBoolean()) {
                for (int i = unit[0]; i < unit[1]; i++) {
                    DoubleGene a = that.get(i);
                    that.set(i, other.get(i));
                    other.set(i, a);
                }
                swapped++;
            }
        }
        return swapped;
    }
}
