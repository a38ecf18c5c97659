package org.blurevolve.driver.evolution;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.blurevolve.fitness.FitnessResult;

/**
 * The in-process twin of the Spark scorer: a fixed thread pool over the same core fitness function,
 * for tests, debugging and measuring Spark's overhead. Identical results to the Spark scorer.
 */
public final class InProcessScorer implements GenerationScorer {
    private final ExperimentContext context;
    private final ExecutorService pool;
    private final int threads;

    public InProcessScorer(ExperimentContext context, int threads) {
        this.context = context;
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "blur-eval");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public List<GenomeScore> score(List<double[]> genomes, long generation) {
        int tasks = context.trainTasks().size();
        List<Future<FitnessResult>> futures = new ArrayList<>();
        for (double[] g : genomes) {
            for (int t = 0; t < tasks; t++) {
                int task = t;
                futures.add(pool.submit(() -> context.evaluate(g, task, generation)));
            }
        }
        List<GenomeScore> out = new ArrayList<>();
        try {
            for (int i = 0; i < genomes.size(); i++) {
                List<FitnessResult> per = new ArrayList<>();
                for (int t = 0; t < tasks; t++) {
                    per.add(futures.get(i * tasks + t).get());
                }
                out.add(new GenomeScore(per));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("evaluation crashed", e.getCause());
        }
        return out;
    }

    @Override
    public String describe() {
        return "in-process ×" + threads;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
