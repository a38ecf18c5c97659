package org.blurevolve.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time of a fitness evaluation goes, by JDK Flight Recorder: runs an evaluation loop under a
 * recording of execution samples (Java code, every 10 ms) and native-method samples (OpenBLAS, every
 * 20 ms, so weighted twice), then files each sample of the evaluating thread under a phase (learning
 * forward, backward, Hebbian, query, …) and an operation (GEMM, activation, K×K mixing, …) by the
 * frames on its stack, and prints the shares as a Markdown table. Samples are wall-clock, so on a loaded
 * machine a share is of the time the thread ran or waited in that code, not of CPU time alone.
 */
public final class EvaluationProfile {
    /**
     * The float path's state sweeps (network/StateSweep and its kernels), by the simple name of the class
     * that declares a frame's method, and how the profile names the time spent in each.
     */
    private static final Map<String, String> SWEEPS = Map.of(
            "VectorStateSweep", "σ with float↔double, fused (Vector API)",
            "ScalarStateSweep", "σ with float↔double (scalar Java)",
            "VectorFloatStateSweep", "σ in float, fused (Vector API)",
            "FloatStateSweep", "σ in float, fused (scalar Java)");

    private EvaluationProfile() {
    }

    /** Runs {@code work(i)} for i = 0, 1, … under a recording for about {@code seconds}; prints the table. */
    public static void run(PrintStream out, String title, double seconds, IntConsumer work) {
        for (int i = 0; i < 3; i++) {
            work.accept(i);
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        Map<String, Double> ops = new LinkedHashMap<>();
        double total = 0;
        int runs = 0;
        try {
            Path file = Files.createTempFile("blur-profile", ".jfr");
            try (Recording r = new Recording()) {
                r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
                r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
                r.start();
                long end = System.nanoTime() + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    work.accept(runs++);
                }
                r.stop();
                r.dump(file);
            }
            long thread = Thread.currentThread().getId();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getThread("sampledThread") == null || e.getThread("sampledThread").getJavaThreadId() != thread
                        || e.getStackTrace() == null) {
                    continue;
                }
                double weight = e.getEventType().getName().equals("jdk.NativeMethodSample") ? 2 : 1;
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                String phase = phase(frames);
                String op = operation(frames);
                shares.merge(phase + " | " + op, weight, Double::sum);
                ops.merge(op, weight, Double::sum);
                total += weight;
            }
            Files.deleteIfExists(file);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        out.printf(Locale.ROOT, "%n%s: %d evaluations, %.0f weighted samples (JFR)%n%n", title, runs, total);
        out.println("| operation | share |");
        out.println("|---|---|");
        final double sum = total;
        ops.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(x -> out.printf(Locale.ROOT, "| %s | %.1f %% |%n", x.getKey(), 100 * x.getValue() / sum));
        out.println();
        out.println("| phase | operation | share |");
        out.println("|---|---|---|");
        shares.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(x -> x.getValue() / sum >= 0.003)
                .forEach(x -> out.printf(Locale.ROOT, "| %s | %.1f %% |%n", x.getKey(), 100 * x.getValue() / sum));
    }

    /**
     * The name of the state sweep nearest the top of the stack, or null: a kernel hands whole calls it
     * does not vectorise (functions, narrow rows) to another one, so the innermost sweep is the one that
     * runs; the positions at the end of a call that do not fill a vector are filed with the kernel that
     * handles the call. (JFR files a sample in a fused loop under the loop, not under the inlined σ or
     * conversion step.)
     */
    private static String innermostSweep(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            String label = SWEEPS.get(type.substring(type.lastIndexOf('.') + 1));
            if (label != null && type.startsWith("org.blurevolve.network.")) {
                return label;
            }
        }
        return null;
    }

    private static boolean has(List<RecordedFrame> frames, String method) {
        for (RecordedFrame f : frames) {
            String name = f.getMethod().getType().getName() + "." + f.getMethod().getName();
            if (name.endsWith(method)) {
                return true;
            }
        }
        return false;
    }

    private static String phase(List<RecordedFrame> f) {
        if (has(f, "BlurNetwork.snapshot") || has(f, "BlurNetwork.restore")) {
            return "snapshot/restore";
        }
        if (has(f, "InnerLoop.score") || has(f, "InnerLoop.scoreTogether") || has(f, "MlpBaseline.score")) {
            return "query steps";
        }
        if (has(f, "BlurNetwork.withinLimit") || has(f, "BlurNetwork.isFinite") || has(f, "Mlp.isFinite")) {
            return "finiteness check";
        }
        if (has(f, "BlurNetwork.forwardPass") || has(f, "Mlp.forward")) {
            return "learning: forward";
        }
        if (has(f, "BlurNetwork.backwardPass") || has(f, "Mlp.step")) {
            return "learning: backward";
        }
        if (has(f, "SynapseUpdate.hebbian")) {
            return "learning: Hebbian update";
        }
        if (has(f, "BlurNetwork.feedback") || has(f, "BlurNetwork.prepareStep")) {
            return "learning: inputs, feedback";
        }
        if (has(f, "BlurNetwork.setSynapses") || has(f, "InnerLoop$NetworkPool")) {
            return "replica setup";
        }
        return "other";
    }

    private static String operation(List<RecordedFrame> f) {
        String top = f.isEmpty() ? "" : f.get(0).getMethod().getName();
        if (top.endsWith("gemm")) {
            return "GEMM (OpenBLAS)";
        }
        if (has(f, "NetworkBuffers.mix")) {
            return "K×K mixing (BLAS copy/scal/axpy)";
        }
        String sweep = innermostSweep(f);
        if (sweep != null) {
            return sweep;
        }
        if (has(f, "FloatPath.statistics")
                || has(f, "BlurNetwork.normalizeAndActivate") && !has(f, "Activation.applyRows")) {
            return "activation normalisation";
        }
        if (has(f, "Activation.applyRange") || has(f, "Activation.applyRows") || has(f, "Activation.rationalTanh")) {
            return "activation σ";
        }
        if (has(f, "FloatPath.activate") || has(f, "NativeArray$F32.read") || has(f, "NativeArray$F32.write")
                || has(f, "NativeArray$F32.readFloats") || has(f, "NativeArray$F32.writeFloats")
                || has(f, "BlurNetwork.copy")) {
            return "float↔double conversion, copies";
        }
        if (top.endsWith("asum")) {
            return "finiteness (BLAS asum)";
        }
        if (has(f, "QueryScore.add") || has(f, "BlurNetwork.outputs") || has(f, "resetNeurons")
                || has(f, "BlurNetwork.feedback") || has(f, "Task.episode") || has(f, "$UniformTask.")) {
            return "data in/out, scoring";
        }
        if (has(f, "Mlp.")) {
            return "baseline MLP (Java loops)";
        }
        return "bookkeeping, other";
    }
}
