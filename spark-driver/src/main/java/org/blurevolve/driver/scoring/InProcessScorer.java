package org.blurevolve.driver.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.blurevolve.driver.data.DriverDataFiles;
import org.blurevolve.fitness.EvaluationPlan;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.PlanEvaluator;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;
import org.blurevolve.gradient.GradientResult;
import org.blurevolve.gradient.MetaGradientSettings;

/**
 * The in-process twin of the Spark scorer: a fixed thread pool over the same core evaluation, for
 * tests, debugging and measuring Spark's overhead. Gives identical results to the Spark scorer.
 */
public final class InProcessScorer implements GenerationScorer {
    private final PlanEvaluator evaluator;
    private final ExecutorService pool;
    private final int threads;

    public InProcessScorer(EvaluationPlan plan, int threads) {
        this.evaluator = PlanEvaluator.of(plan, DriverDataFiles.INSTANCE);
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "blur-eval");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public List<GenomeScore> score(List<Genome> genomes, TaskSet set, long generation) {
        int tasks = evaluator.tasks(set).size();
        List<Future<FitnessResult>> futures = new ArrayList<>();
        for (Genome g : genomes) {
            for (int t = 0; t < tasks; t++) {
                int task = t;
                futures.add(pool.submit(() -> evaluator.evaluate(g, set, task, generation)));
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
    public GradientScore gradient(Genome genome, long generation, int step, MetaGradientSettings settings) {
        int tasks = evaluator.tasks(TaskSet.META_TRAIN).size();
        int replicas = evaluator.plan().unroll().replicas();
        List<Future<GradientResult>> futures = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            for (int r = 0; r < replicas; r++) {
                int task = t;
                int replica = r;
                futures.add(pool.submit(() -> evaluator.gradient(genome, task, replica, generation, step, settings)));
            }
        }
        GradientResult[][] slices = new GradientResult[tasks][replicas];
        try {
            for (int i = 0; i < futures.size(); i++) {
                slices[i / replicas][i % replicas] = futures.get(i).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking a meta-gradient", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("meta-gradient crashed", e.getCause());
        }
        return GradientScore.reduce(slices);
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
