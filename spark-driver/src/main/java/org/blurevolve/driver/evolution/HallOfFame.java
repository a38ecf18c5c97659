package org.blurevolve.driver.evolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.blurevolve.genome.Genome;

/**
 * The best distinct genomes seen in a run, best first: each genome with the fitness and generation of
 * its first finite score (a genome scored again later keeps its first entry). Only scores of one
 * objective are ranked together: when a horizon curriculum changes the objective (docs/model.md §8,
 * and a meta-gradient's curriculum, §10),
 * the entries scored under the earlier one leave the hall. Not thread-safe.
 */
public final class HallOfFame {
    /** A genome in the hall. */
    public record Entry(Genome genome, double fitness, long generation) {
    }

    private final int size;
    private final LongFunction<?> objective;
    private final Map<Genome, Entry> entries = new LinkedHashMap<>();

    /**
     * @param objective what generation g's fitness measures (e.g. its meta-train horizons): entries
     *                  are ranked together only while it is equal
     */
    public HallOfFame(int size, List<Entry> initial, LongFunction<?> objective) {
        this.size = size;
        this.objective = objective;
        initial.forEach(e -> entries.put(e.genome(), e));
    }

    /**
     * Drops the entries of another objective than {@code generation}'s, adds its finite-scored members
     * and keeps the best {@code size}.
     */
    public void update(Generation generation) {
        Object now = objective.apply(generation.index());
        entries.values().removeIf(e -> !objective.apply(e.generation()).equals(now));
        for (ScoredGenome m : generation.members()) {
            if (Double.isFinite(m.fitness())) {
                entries.putIfAbsent(m.genome(), new Entry(m.genome(), m.fitness(), generation.index()));
            }
        }
        List<Entry> ranked = new ArrayList<>(entries.values());
        ranked.sort(Comparator.comparingDouble((Entry e) -> -e.fitness()));
        entries.clear();
        ranked.stream().limit(size).forEach(e -> entries.put(e.genome(), e));
    }

    /** The entries, best first. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }
}
