package org.blurevolve.driver.evolution;

import io.jenetics.DoubleGene;
import io.jenetics.Phenotype;
import io.jenetics.engine.Evaluator;
import io.jenetics.util.ISeq;
import io.jenetics.util.Seq;
import java.util.ArrayList;
import java.util.List;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessMetric;

/**
 * The Jenetics {@link Evaluator} of a run: hands the not-yet-evaluated phenotypes of a generation
 * to a {@link GenerationScorer} in one call and returns the whole population (same size, same
 * order) with their fitness set. Keeps the counts of the last call for the metrics. Not thread-safe;
 * the engine calls it from one thread.
 */
public final class PopulationEvaluator implements Evaluator<DoubleGene, Double> {
    private final GenerationScorer scorer;
    private final FitnessMetric metric;
    private long generation;
    private long evaluations;
    /**
     * Per-task fitness of the members of the current population, by gene vector and fitness: the same
     * genes scored again in a later generation (under other seeds) is a different member.
     */
    private final java.util.Map<String, double[]> perTask = new java.util.HashMap<>();
    private int lastDiverged;
    private int lastFailed;
    private double lastSeconds;

    public PopulationEvaluator(GenerationScorer scorer, FitnessMetric metric) {
        this.scorer = scorer;
        this.metric = metric;
    }

    /** Sets the generation whose seeds the next call uses. */
    public void generation(long g) {
        this.generation = g;
    }

    @Override
    public ISeq<Phenotype<DoubleGene, Double>> eval(Seq<Phenotype<DoubleGene, Double>> population) {
        List<Integer> todo = new ArrayList<>();
        List<double[]> genomes = new ArrayList<>();
        for (int i = 0; i < population.size(); i++) {
            if (!population.get(i).isEvaluated()) {
                todo.add(i);
                genomes.add(GenomeCodec.genes(population.get(i).genotype()));
            }
        }
        long start = System.nanoTime();
        List<GenomeScore> scores = genomes.isEmpty() ? List.of() : scorer.score(genomes, generation);
        lastSeconds = (System.nanoTime() - start) / 1e9;
        lastDiverged = 0;
        lastFailed = 0;
        List<Phenotype<DoubleGene, Double>> out = new ArrayList<>(population.asList());
        for (int j = 0; j < todo.size(); j++) {
            GenomeScore s = scores.get(j);
            if (s.status() == EvaluationStatus.DIVERGED) {
                lastDiverged++;
            } else if (s.status() != EvaluationStatus.OK) {
                lastFailed++;
            }
            out.set(todo.get(j), population.get(todo.get(j)).withFitness(s.fitness(metric)));
            perTask.put(key(genomes.get(j), s.fitness(metric)),
                    s.perTask().stream().mapToDouble(r -> r.fitness(metric)).toArray());
        }
        java.util.Set<String> alive = new java.util.HashSet<>();
        for (Phenotype<DoubleGene, Double> p : out) {
            alive.add(key(GenomeCodec.genes(p.genotype()), p.fitness()));
        }
        perTask.keySet().retainAll(alive);
        evaluations += genomes.size();
        return ISeq.of(out);
    }

    /** The per-task fitness of a member of the current population, or null when not known. */
    public double[] perTaskOf(double[] genes, double fitness) {
        double[] v = perTask.get(key(genes, fitness));
        return v == null ? null : v.clone();
    }

    /** Restores a member's per-task fitness (resume from a checkpoint). */
    public void remember(double[] genes, double fitness, double[] fitnessPerTask) {
        perTask.put(key(genes, fitness), fitnessPerTask.clone());
    }

    private static String key(double[] genes, double fitness) {
        return java.util.Arrays.toString(genes) + "@" + fitness;
    }

    public long evaluations() {
        return evaluations;
    }

    /** Restores the evaluation counter (resume). */
    public void evaluations(long count) {
        this.evaluations = count;
    }

    public int lastDiverged() {
        return lastDiverged;
    }

    public int lastFailed() {
        return lastFailed;
    }

    public double lastSeconds() {
        return lastSeconds;
    }
}
