package org.blurevolve.driver.evolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blurevolve.genome.Genome;

/**
 * The best distinct genomes seen in a run, best first: each genome with the fitness and generation of
 * its first finite score (a genome scored again later keeps its first entry). Not thread-safe.
 */
public final class HallOfFame {
    /** A genome in the hall. */
    public record Entry(Genome genome, double fitness, long generation) {
    }

    private final int size;
    private final Map<Genome, Entry> entries = new LinkedHashMap<>();

    public HallOfFame(int size, List<Entry> initial) {
        this.size = size;
        initial.forEach(e -> entries.put(e.genome(), e));
    }

    /** Adds the finite-scored members of {@code generation} and keeps the best {@code size}. */
    public void update(Generation generation) {
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
