package org.blurevolve.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.QueryScore;
import org.blurevolve.genome.Genome;
import org.blurevolve.io.JsonFiles;
import org.blurevolve.network.BlurNetwork;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.network.SynapseSymmetry;
import org.blurevolve.network.Synapses;
import org.blurevolve.task.Batch;
import org.blurevolve.task.Episode;
import org.blurevolve.task.Seeds;
import org.blurevolve.task.Task;

/**
 * Records one genome's learning dynamics for inspection with NumPy: T learning steps on one replica
 * (synapses from seed (seed, 0, 0), episode from (seed, 0, 1), as {@link InnerLoop} draws them), the
 * query accuracy after every step (measured on a copy, so tracing never changes the run), and files
 * {@code trace.json}, {@code F{l}_init.npy}, {@code G{l}_init.npy}, {@code F{l}_final.npy},
 * {@code G{l}_final.npy} (shapes (n_l+1, n_{l+1}, K) and (n_{l+1}, n_l, K)), {@code x_step{t}.npy}
 * (B, n_0) and {@code t_step{t}.npy} (B, n_L). In {@code trace.json} an accuracy that could not be
 * measured (NaN, the network diverged) is {@code null}.
 */
public final class Trace {
    private Trace() {
    }

    /** What a trace measured: the query accuracy after each learning step (index 0 = before any). */
    public record Result(List<Double> queryAccuracy, boolean diverged) {
    }

    public static Result write(NetworkSpec baseSpec, Genome genome, Task task, int steps, int batch, int queryBatches,
                               long seed, Path dir) throws IOException {
        NetworkSpec spec = InnerLoop.fitted(baseSpec, task);
        Files.createDirectories(dir);
        BlurNetwork net = new BlurNetwork(spec, genome, batch, Precision.DOUBLE);
        BlurNetwork probe = new BlurNetwork(spec, genome, batch, Precision.DOUBLE);
        net.initSynapses(Seeds.derive(seed, 0, 0));
        Episode episode = task.episode(Seeds.derive(seed, 0, 1), batch, steps, queryBatches);
        writeSynapses(dir, net.synapses(), spec, "init");
        List<Double> accuracy = new ArrayList<>();
        accuracy.add(queryAccuracy(probe, net.synapses(), episode, spec));
        boolean diverged = false;
        for (int t = 0; t < steps; t++) {
            Batch b = episode.support().get(t);
            NpyWriter.write(dir.resolve("x_step" + t + ".npy"), b.inputs(), batch, spec.inputs());
            NpyWriter.write(dir.resolve("t_step" + t + ".npy"), b.targets(), batch, spec.outputs());
            net.learn(b.inputs(), b.targets());
            if (!net.isFinite()) {
                diverged = true;
                break;
            }
            accuracy.add(queryAccuracy(probe, net.synapses(), episode, spec));
        }
        writeSynapses(dir, net.synapses(), spec, "final");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("K", spec.k());
        json.put("sizes", spec.sizes());
        Map<String, Object> activations = new LinkedHashMap<>();
        activations.put("forward", spec.forward().toString());
        activations.put("backward", spec.backward().toString());
        activations.put("output", spec.output().toString());
        json.put("activations", activations);
        json.put("symmetric", spec.symmetry() == SynapseSymmetry.SYMMETRIC);
        json.put("steps", steps);
        json.put("genome", genome.genes());
        json.put("queryAccuracy", accuracy);
        json.put("diverged", diverged);
        json.put("task", task.name());
        json.put("seed", seed);
        JsonFiles.writeAtomically(dir.resolve("trace.json"), json);
        return new Result(accuracy, diverged);
    }

    private static double queryAccuracy(BlurNetwork probe, Synapses s, Episode episode, NetworkSpec spec) {
        probe.setSynapses(s);
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
