package org.blurevolve.gradient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.Genome;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.SynapseInit;
import org.blurevolve.task.Episode;
import org.blurevolve.task.Seeds;
import org.blurevolve.task.Task;

/**
 * The meta-gradient of docs/model.md §9: dℓ/d(gene) of the meta-loss after the inner loop of
 * {@link InnerLoop}, by an adjoint pass through the unrolled training. Replica r uses the same
 * synapse draw and episode as {@link InnerLoop#evaluate} (seeds (seed, r, 0) and (seed, r, 1)), so
 * the loss here equals the one the fitness evaluation reports. Always computed in double, whatever
 * {@link UnrollSettings#precision()} says. Thread-safe: every thread keeps its own workspace.
 */
public final class MetaGradient {
    private static final ThreadLocal<Map<List<Object>, UnrollAdjoint>> WORKSPACES =
            ThreadLocal.withInitial(LinkedHashMap::new);
    private static final int MAX_SHAPES = 4;

    private MetaGradient() {
    }

    /**
     * The gradient of one replica's loss (not divided by the replica count). {@code recomputeEvery}
     * is S of docs/model.md §9: keep every S-th step state and recompute the rest.
     */
    public static GradientResult replica(NetworkSpec spec, Genome genome, Task task, UnrollSettings settings,
                                         long seed, int replica, MetaLoss loss, int recomputeEvery) {
        if (recomputeEvery < 1) {
            throw new IllegalArgumentException("recompute-every = " + recomputeEvery + ", must be >= 1");
        }
        NetworkSpec net = InnerLoop.fitted(spec, task);
        long deadline = settings.timeBudgetSeconds() > 0
                ? System.nanoTime() + (long) (settings.timeBudgetSeconds() * 1e9) : Long.MAX_VALUE;
        Episode episode = task.episode(Seeds.derive(seed, replica, 1), settings.batch(), settings.learningSteps(),
                settings.queryBatches());
        return workspace(net, settings.batch()).replica(genome, SynapseInit.draw(net, Seeds.derive(seed, replica, 0)),
                episode, loss, recomputeEvery, deadline);
    }

    /** The mean over the settings' replicas: the gradient of the loss that {@link InnerLoop} reports. */
    public static GradientResult evaluate(NetworkSpec spec, Genome genome, Task task, UnrollSettings settings,
                                          long seed, MetaLoss loss, int recomputeEvery) {
        GradientResult[] parts = new GradientResult[settings.replicas()];
        for (int r = 0; r < parts.length; r++) {
            parts[r] = replica(spec, genome, task, settings, seed, r, loss, recomputeEvery);
            if (!parts[r].ok()) {
                return parts[r];
            }
        }
        return mean(List.of(parts));
    }

    /**
     * The mean of several results, summed in list order (so the same list gives the same bits on
     * any machine); the first failure when any part failed.
     */
    public static GradientResult mean(List<GradientResult> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no gradients to average");
        }
        double[] sum = new double[parts.get(0).gradient().length];
        double loss = 0;
        double accuracy = 0;
        for (GradientResult p : parts) {
            if (!p.ok()) {
                return p;
            }
            double[] g = p.gradient();
            if (g.length != sum.length) {
                throw new IllegalArgumentException("gradients of " + g.length + " and " + sum.length + " genes");
            }
            for (int i = 0; i < g.length; i++) {
                sum[i] += g[i];
            }
            loss += p.loss();
            accuracy += p.accuracy();
        }
        int n = parts.size();
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= n;
        }
        return new GradientResult(EvaluationStatus.OK, loss / n, accuracy / n, sum);
    }

    private static UnrollAdjoint workspace(NetworkSpec net, int batch) {
        Map<List<Object>, UnrollAdjoint> cache = WORKSPACES.get();
        List<Object> key = List.of(net, batch);
        UnrollAdjoint u = cache.get(key);
        if (u == null) {
            if (cache.size() >= MAX_SHAPES) {
                cache.clear();
            }
            u = new UnrollAdjoint(net, batch);
            cache.put(key, u);
        }
        return u;
    }
}
