package org.blurevolve.fitness;

import java.util.List;
import java.util.TreeSet;

/**
 * A horizon curriculum (docs/model.md §8): in generation g the longest horizon allowed is
 * cap(g) = ⌊start · growth^⌊g / every⌋⌋, and each configured horizon h is scored at min(h, cap(g))
 * (duplicates merged). A pure function of g, so a resumed run uses exactly the horizons of an
 * uninterrupted one. {@code every = 0} turns it off. Immutable.
 *
 * @param start  cap in generations 0..every−1, at least 1
 * @param growth factor applied to the cap every {@code every} generations, at least 1
 * @param every  generations between growths; 0 = no curriculum
 */
public record HorizonCurriculum(int start, double growth, int every) implements java.io.Serializable {
    public HorizonCurriculum {
        if (start < 1 || !(growth >= 1) || !Double.isFinite(growth) || every < 0) {
            throw new IllegalArgumentException("start = " + start + ", growth = " + growth + ", every = " + every
                    + ": need start >= 1, finite growth >= 1, every >= 0 (0 = off)");
        }
    }

    /** No curriculum: every generation uses the configured horizons. */
    public static HorizonCurriculum off() {
        return new HorizonCurriculum(1, 1.0, 0);
    }

    /** The horizons scored in {@code generation}, ascending. */
    public List<Integer> horizonsAt(List<Integer> horizons, long generation) {
        if (every == 0) {
            return horizons;
        }
        int longest = horizons.get(horizons.size() - 1);
        double cap = start;
        for (long grown = generation / every; grown > 0 && cap < longest; grown--) {
            cap *= growth;
        }
        long capped = (long) Math.floor(Math.min(cap, longest));
        TreeSet<Integer> out = new TreeSet<>();
        for (int h : horizons) {
            out.add((int) Math.min(h, capped));
        }
        return List.copyOf(out);
    }
}
