package org.blurevolve.gradient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.Genome;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.SynapseInit;
import org.blurevolve.task.Episode;
import org.blurevolve.task.Seeds;
import org.blurevolve.task.Task;

/**
 * The meta-gradient of docs/model.md §10: dℓ/d(gene) of the meta-loss after the inner loop of
 * {@link InnerLoop}, by an adjoint pass through the unrolled training. Replica r uses the same
 * synapse draw and episode as {@link InnerLoop#evaluate} (seeds (seed, r, 0) and (seed, r, 1)), so
 * the loss here equals the one the fitness evaluation reports. Always computed in double, whatever
 * {@link UnrollSettings#precision()} says; T comes from {@link MetaGradientSettings#steps()}. Thread-safe: every thread keeps its own workspace.
 */
public final class MetaGradient {
    private static final ThreadLocal<Map<List<Object>, UnrollAdjoint>> WORKSPACES =
            ThreadLocal.withInitial(LinkedHashMap::new);

    private MetaGradient() {
    }

    /**
     * The gradient of replica {@code replica}'s loss (not divided by the replica count), with T and
     * the other choices of {@code gradient}; the unroll's other settings come from {@code unroll}
     * (its query order too; its query batch must be the learning batch).
     *
     * @throws IllegalArgumentException when the query batch differs from the learning batch
     */
    public static GradientResult replica(NetworkSpec spec, Genome genome, Task task, UnrollSettings unroll,
                                         long seed, int replica, MetaGradientSettings gradient) {
        NetworkSpec net = InnerLoop.fitted(spec, task);
        long deadline = unroll.timeBudgetSeconds() > 0
                ? System.nanoTime() + (long) (unroll.timeBudgetSeconds() * 1e9) : Long.MAX_VALUE;
        Episode drawn = task.episode(Seeds.derive(seed, replica, 1), unroll.batch(), gradient.steps(),
                unroll.queryBatches());
        if (unroll.query().batch() != unroll.batch()) {
            throw new IllegalArgumentException("meta-gradients score queries in batches of the learning batch ("
                    + unroll.batch() + "), not " + unroll.query().batch());
        }
        Episode episode = new Episode(drawn.support(), unroll.query().cut(drawn.query()));
        return workspace(net, unroll.batch()).replica(genome, SynapseInit.draw(net, Seeds.derive(seed, replica, 0)),
                episode, gradient, unroll.synapseLimit(), deadline);
    }

    /**
     * The mean over the unroll's replicas: the gradient of the loss that {@link InnerLoop#evaluate}
     * reports for the same seed and T (which alone applies a synapse-limit projection).
     */
    public static GradientResult evaluate(NetworkSpec spec, Genome genome, Task task, UnrollSettings unroll,
                                          long seed, MetaGradientSettings gradient) {
        List<GradientResult> parts = new java.util.ArrayList<>();
        for (int r = 0; r < unroll.replicas(); r++) {
            GradientResult part = replica(spec, genome, task, unroll, seed, r, gradient);
            if (!part.ok()) {
                return part;
            }
            parts.add(part);
        }
        return mean(parts);
    }

    /**
     * The mean of several results (scores, loss, synapse growth and gradient), summed in list order, so the same
     * list gives the same bits on any machine; the first failure when any part failed.
     */
    public static GradientResult mean(List<GradientResult> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no gradients to average");
        }
        double[] sum = new double[parts.get(0).gradient().length];
        double loss = 0;
        double growth = 0;
        double accuracy = 0;
        double ce = 0;
        double l2 = 0;
        int steps = Integer.MAX_VALUE;
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
            growth += p.synapseGrowth();
            accuracy += p.scores().accuracy();
            ce += p.scores().negCrossEntropy();
            l2 += p.scores().negL2();
            steps = Math.min(steps, p.scores().steps());
        }
        int n = parts.size();
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= n;
        }
        return new GradientResult(new FitnessResult(EvaluationStatus.OK, accuracy / n, ce / n, l2 / n, steps), loss / n,
                growth / n, sum);
    }

    private static UnrollAdjoint workspace(NetworkSpec net, int batch) {
        Map<List<Object>, UnrollAdjoint> cache = WORKSPACES.get();
        List<Object> key = List.of(net, batch);
        UnrollAdjoint u = cache.get(key);
        if (u == null) {
            cache.clear(); // one shape per thread: a run's meta-train tasks share one, and records are large
            u = new UnrollAdjoint(net, batch);
            cache.put(key, u);
        }
        return u;
    }
}
