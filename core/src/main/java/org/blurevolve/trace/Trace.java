package org.blurevolve.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.QueryScore;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.Genome;
import org.blurevolve.io.JsonFiles;
import org.blurevolve.network.ActivationStatistics;
import org.blurevolve.network.BlurNetwork;
import org.blurevolve.network.NetworkSnapshot;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Stabilizers;
import org.blurevolve.network.Synapses;
import org.blurevolve.task.Batch;
import org.blurevolve.task.Episode;
import org.blurevolve.task.Seeds;
import org.blurevolve.task.Task;

/**
 * Records one genome's learning dynamics for inspection with NumPy: T learning steps on one replica
 * (synapses from seed (seed, 0, 0), episode from (seed, 0, 1), as {@link InnerLoop} draws them) in the
 * unroll's precision, the query accuracy after every step (measured on a copy, so tracing never
 * changes the run), and files {@code trace.json} (every network setting, the genome and its layout,
 * the unroll, the accuracies), {@code F{l}_init.npy}, {@code G{l}_init.npy}, {@code F{l}_final.npy},
 * {@code G{l}_final.npy} (shapes (n_l+1, n_{l+1}, K) and (n_{l+1}, n_l, K)), the support batches
 * {@code x_step{t}.npy} (B, n_0) and {@code t_step{t}.npy} (B, n_L), and the query batches
 * {@code xq_{e}.npy} and {@code tq_{e}.npy}. In {@code trace.json} an accuracy that could not be
 * measured (NaN, the network diverged) is {@code null}. The trace stops at the first learning step
 * after which the network is not finite or, with the unroll's synapse limit, past it (as
 * {@link InnerLoop} ends a replica, docs/model.md §8).
 */
public final class Trace {
    private Trace() {
    }

    /**
     * What a trace measured: the query accuracy after each learning step (index 0 = before any; NaN
     * under SUPPORT activation statistics, which exist only after a learning step).
     */
    public record Result(List<Double> queryAccuracy, boolean diverged) {
    }

    /**
     * Traces {@code unroll.learningSteps()} steps of {@code genome} on {@code task} with the unroll's
     * batch, query batches, precision and synapse limit (replicas and time budget do not apply), into
     * {@code dir}.
     */
    public static Result write(NetworkSpec baseSpec, Genome genome, Task task, UnrollSettings unroll, long seed, Path dir)
            throws IOException {
        NetworkSpec spec = InnerLoop.fitted(baseSpec, task);
        int steps = unroll.learningSteps();
        int batch = unroll.batch();
        Files.createDirectories(dir);
        BlurNetwork net = new BlurNetwork(spec, genome, batch, unroll.precision());
        BlurNetwork probe = new BlurNetwork(spec, genome, batch, unroll.precision());
        net.initSynapses(Seeds.derive(seed, 0, 0));
        Episode episode = task.episode(Seeds.derive(seed, 0, 1), batch, steps, unroll.queryBatches());
        for (int e = 0; e < episode.query().size(); e++) {
            Batch q = episode.query().get(e);
            NpyWriter.write(dir.resolve("xq_" + e + ".npy"), q.inputs(), batch, spec.inputs());
            NpyWriter.write(dir.resolve("tq_" + e + ".npy"), q.targets(), batch, spec.outputs());
        }
        writeSynapses(dir, net.synapses(), spec, "init");
        List<Double> accuracy = new ArrayList<>();
        accuracy.add(spec.stabilizers().activationStatistics() == ActivationStatistics.SUPPORT ? Double.NaN
                : queryAccuracy(probe, net.snapshot(), episode, spec));
        boolean diverged = false;
        for (int t = 0; t < steps; t++) {
            Batch b = episode.support().get(t);
            NpyWriter.write(dir.resolve("x_step" + t + ".npy"), b.inputs(), batch, spec.inputs());
            NpyWriter.write(dir.resolve("t_step" + t + ".npy"), b.targets(), batch, spec.outputs());
            net.learn(b.inputs(), b.targets());
            if (!net.withinLimit(unroll.synapseLimit())) {
                diverged = true;
                break;
            }
            accuracy.add(queryAccuracy(probe, net.snapshot(), episode, spec));
        }
        writeSynapses(dir, net.synapses(), spec, "final");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("K", spec.k());
        json.put("sizes", spec.sizes());
        json.put("network", network(spec));
        json.put("genome", genome(genome));
        json.put("steps", steps);
        json.put("batch", batch);
        json.put("queryBatches", unroll.queryBatches());
        json.put("precision", name(unroll.precision()));
        json.put("synapseLimit", unroll.synapseLimit());
        json.put("queryAccuracy", accuracy);
        json.put("diverged", diverged);
        json.put("task", task.name());
        json.put("seed", seed);
        JsonFiles.writeAtomically(dir.resolve("trace.json"), json);
        return new Result(accuracy, diverged);
    }

    /** Every network setting, named as in the experiment file's {@code network} section. */
    private static Map<String, Object> network(NetworkSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("forward-activation", spec.forward().toString());
        m.put("backward-activation", spec.backward().toString());
        m.put("output-activation", spec.output().toString());
        m.put("synapse-activation", spec.synapse().toString());
        m.put("backward-mode", name(spec.backwardMode()));
        m.put("symmetry", name(spec.symmetry()));
        m.put("synapse-states", name(spec.synapseStates()));
        m.put("feedback", name(spec.feedback()));
        m.put("zero-neurons", spec.zeroNeurons());
        m.put("init-scale", name(spec.initScale()));
        m.put("hebbian-inputs", name(spec.hebbianInputs()));
        Stabilizers st = spec.stabilizers();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("oja", st.oja());
        s.put("saturation", st.saturation());
        s.put("saturation-epsilon", st.saturationEpsilon());
        s.put("normalization", name(st.normalization()));
        s.put("rescale", st.rescale());
        s.put("activation-normalization", st.activationNormalization());
        s.put("activation-normalization-statistics", name(st.activationStatistics()));
        s.put("normalize-output", st.normalizeOutput());
        m.put("stabilizers", s);
        return m;
    }

    private static Map<String, Object> genome(Genome genome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blocks", genome.layout().blocks());
        m.put("per-layer", genome.layout().blocks() > 1);
        m.put("scalars", genome.layout().scalars().stream().map(Trace::name).toList());
        m.put("genes", genome.genes());
        return m;
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Query accuracy of the network as it is in {@code s} (states, synapses, statistics), on a copy. */
    private static double queryAccuracy(BlurNetwork probe, NetworkSnapshot s, Episode episode, NetworkSpec spec) {
        probe.restore(s);
        QueryScore score = new QueryScore(spec.outputs());
        double[] y = new double[probe.batch() * spec.outputs()];
        for (Batch q : episode.query()) {
            probe.infer(q.inputs());
            probe.outputs(y);
            if (!score.add(q, y)) {
                return Double.NaN;
            }
        }
        return score.accuracy();
    }

    private static void writeSynapses(Path dir, Synapses s, NetworkSpec spec, String when) throws IOException {
        for (int l = 0; l < spec.layers(); l++) {
            NpyWriter.write(dir.resolve("F" + l + "_" + when + ".npy"), s.forward()[l],
                    spec.size(l) + 1, spec.size(l + 1), spec.k());
            NpyWriter.write(dir.resolve("G" + l + "_" + when + ".npy"), s.backward()[l],
                    spec.size(l + 1), spec.size(l), spec.k());
        }
    }
}
