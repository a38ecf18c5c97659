package org.blurevolve.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.blurevolve.baseline.BatchNorm;
import org.blurevolve.baseline.MlpBaseline;
import org.blurevolve.baseline.Optimizer;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.QueryMode;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.network.Activation;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.task.Batch;
import org.blurevolve.task.Episode;
import org.blurevolve.task.Task;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures whole fitness evaluations (InnerLoop.evaluate: T learning steps, E query steps) in the
 * paper's ES setting and others, long unrolls, and a gradient baseline, and divides the matmul work
 * each needs (per learning step and layer: forward 2·B·(n_l+1)·n_{l+1}·K, Hebbian the same, backward
 * 2·B·n_{l+1}·n_l·K for l ≥ 1; per query batch the forward term) by ND4J's own float sgemm (1024³).
 *
 * <p>Both are timed in thread CPU time and interleaved (a burst of sgemm, a burst of the case, and so
 * on), so the ratio stays meaningful on a machine that other jobs load: wall time there counts the
 * time this thread waits for a core. Run with OMP_NUM_THREADS=1 (OpenBLAS then computes in the
 * calling thread, so its CPU time is this thread's). Prints a table and one JSON line per case. The
 * main figure uses one seed for every evaluation, as evolution does within a generation (common
 * random numbers); "new seed" draws synapses and batches for each. Evaluation time does not depend on
 * pixel values, so image-shaped cases use uniform [0,1] inputs and need no dataset.
 */
public final class InnerLoopBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A BLUR evaluation case (default network, shared genome, float or float-elementwise). */
    private record Case(String name, List<Integer> sizes, int k, int batch, int steps, int queries, Precision precision) {
        Case(String name, List<Integer> sizes, int k, int batch, int steps, int queries) {
            this(name, sizes, k, batch, steps, queries, Precision.FLOAT);
        }

        /** The same case in FLOAT_ELEMENTWISE, named with that suffix. */
        Case elementwise() {
            return new Case(name + " float-elementwise", sizes, k, batch, steps, queries, Precision.FLOAT_ELEMENTWISE);
        }

        double gflop() {
            double step = 0;
            double query = 0;
            for (int l = 0; l + 1 < sizes.size(); l++) {
                double fwd = 2.0 * batch * (sizes.get(l) + 1) * sizes.get(l + 1) * k;
                step += 2 * fwd + (l >= 1 ? 2.0 * batch * sizes.get(l + 1) * sizes.get(l) * k : 0);
                query += fwd;
            }
            return (steps * step + queries * query) / 1e9;
        }
    }

    /** A measured case: ms of thread CPU time per unit, GFLOP per unit, the sgemm of its interleaved bursts. */
    private record Result(String name, String unit, double ms, double gflop, double sgemm, double msNewSeed, int steps) {
        double fraction() {
            return gflop / (ms / 1e3) / sgemm;
        }
    }

    private static final Case PAPER_ES_K2 = new Case("paper-es-mnist14 K=2", List.of(196, 512, 10), 2, 128, 15, 20);
    private static final Case PAPER_ES_K4 = new Case("paper-es-mnist14 K=4", List.of(196, 512, 10), 4, 128, 15, 20);
    private static final Case TWO_D = new Case("2d-task 2-20-2 K=2", List.of(2, 20, 2), 2, 512, 10, 10);

    /** The inner-loop cases, in table order. */
    private static final List<Case> CASES = List.of(
            PAPER_ES_K2, PAPER_ES_K2.elementwise(), PAPER_ES_K4, PAPER_ES_K4.elementwise(), TWO_D, TWO_D.elementwise(),
            new Case("unroll K=2 T=15", List.of(196, 512, 10), 2, 128, 15, 1),
            new Case("unroll K=2 T=200", List.of(196, 512, 10), 2, 128, 200, 1),
            new Case("unroll K=2 T=1000", List.of(196, 512, 10), 2, 128, 1000, 1));

    private InnerLoopBenchmark() {
    }

    /** Arguments: seconds per case (default 10), then optionally a substring that selects cases. */
    public static void main(String[] args) {
        run(System.out, args.length > 0 ? Double.parseDouble(args[0]) : 10, args.length > 1 ? args[1] : "");
    }

    /**
     * The JFR profile of the first evaluation case whose name contains {@code filter} (the paper-ES
     * evaluation, K = 2, when the filter is empty), {@code seconds} of recording: where its time goes.
     */
    public static void profile(PrintStream out, double seconds, String filter) {
        Case c = CASES.stream().filter(x -> !x.name().startsWith("unroll") && x.name().contains(filter)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no evaluation case matches \"" + filter + "\""));
        EvaluationProfile.run(out, String.format(Locale.ROOT, "%s, B=%d, T=%d, E=%d, %s", c.name(), c.batch(),
                c.steps(), c.queries(), c.precision().name().toLowerCase(Locale.ROOT).replace('_', '-')), seconds,
                evaluations(c, true));
    }

    /** Every case for about {@code secondsPerCase} of CPU time each. */
    public static void run(PrintStream out, double secondsPerCase) {
        run(out, secondsPerCase, "");
    }

    /** The cases whose name contains {@code filter}, about {@code secondsPerCase} of CPU time each. */
    public static void run(PrintStream out, double secondsPerCase, String filter) {
        List<Case> cases = CASES;
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
        List<Result> results = new ArrayList<>();
        for (Case c : cases) {
            if (!c.name().contains(filter)) {
                continue;
            }
            boolean unroll = c.name().startsWith("unroll");
            double[] same = interleaved(secondsPerCase, evaluations(c, true));
            double cold = unroll ? Double.NaN : interleaved(secondsPerCase / 2, evaluations(c, false))[0];
            results.add(unroll
                    ? new Result(c.name(), "learning step", same[0] / c.steps(), c.gflop() / c.steps(), same[1], cold, c.steps())
                    : new Result(c.name(), "evaluation", same[0], c.gflop(), same[1], cold, c.steps()));
        }
        for (Precision precision : List.of(Precision.FLOAT, Precision.DOUBLE)) {
            String adam = "baseline adam 196-512-10 B=128 T=15 E=20 " + precision.name().toLowerCase(Locale.ROOT);
            if (adam.contains(filter)) {
                double[] r = interleaved(secondsPerCase, baseline(precision));
                results.add(new Result(adam, "evaluation", r[0], baselineGflop(List.of(196, 512, 10), 128, 15, 20), r[1],
                        Double.NaN, 15));
            }
        }
        out.printf(Locale.ROOT, "thread CPU time, sgemm and each case interleaved (OMP_NUM_THREADS=%s)%n", threads);
        out.printf("%-42s %14s %10s %10s %8s %10s %12s%n", "case", "unit", "ms/unit", "GFLOP/unit", "GFLOP/s",
                "÷sgemm", "ms new seed");
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-42s %14s %10.3f %10.4f %8.1f %10.3f %12.1f%n", r.name(), r.unit(), r.ms(), r.gflop(),
                    r.gflop() / (r.ms() / 1e3), r.fraction(), r.msNewSeed());
        }
        for (Result r : results) {
            out.printf(Locale.ROOT, "{\"case\": \"%s\", \"unit\": \"%s\", \"cpu_ms_per_unit\": %.4f, \"gflop_per_unit\": %.5f,"
                    + " \"gflops\": %.3f, \"sgemm_gflops\": %.3f, \"fraction_of_sgemm\": %.4f, \"cpu_ms_new_seed\": %s,"
                    + " \"learning_steps\": %d, \"omp_num_threads\": \"%s\"}%n", r.name(), r.unit(), r.ms(), r.gflop(),
                    r.gflop() / (r.ms() / 1e3), r.sgemm(), r.fraction(),
                    Double.isNaN(r.msNewSeed()) ? "null" : String.format(Locale.ROOT, "%.3f", r.msNewSeed()),
                    r.steps(), threads);
        }
    }

    /**
     * Runs {@code work(i)} for i = 0, 1, … in bursts of about 0.5 s CPU, each after a burst of 1024³
     * sgemm, until {@code seconds} of CPU time went to the work; returns {ms per call, sgemm GFLOP/s}.
     */
    static double[] interleaved(double seconds, IntConsumer work) {
        Sgemm sgemm = new Sgemm();
        for (int i = 0; i < 2; i++) {
            work.accept(i);
        }
        long workNanos = 0;
        long sgemmNanos = 0;
        long sgemmRuns = 0;
        int runs = 0;
        while (workNanos < seconds * 1e9 || runs < 3) {
            long start = cpuNanos();
            do {
                sgemm.run();
                sgemmRuns++;
            } while (cpuNanos() - start < 0.1e9);
            sgemmNanos += cpuNanos() - start;
            start = cpuNanos();
            do {
                work.accept(runs++);
            } while (cpuNanos() - start < 0.5e9 && workNanos + cpuNanos() - start < seconds * 1e9);
            workNanos += cpuNanos() - start;
        }
        return new double[] {workNanos / 1e6 / runs, sgemm.flop * sgemmRuns / (sgemmNanos / 1e9) / 1e9};
    }

    /** This thread's CPU time in ns (what every bench case is timed in). */
    static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * One evaluation of a fresh random genome per call. With {@code sameSeed} every evaluation uses one
     * seed, as every genome of a generation does in evolution (the synapse init and the batches are then
     * drawn once per thread); otherwise each draws its own.
     */
    private static IntConsumer evaluations(Case c, boolean sameSeed) {
        NetworkSpec spec = NetworkSpec.defaults(c.k(), c.sizes());
        GenomeLayout layout = GenomeLayout.shared(c.k());
        Task task = new UniformTask(c.sizes().get(0), c.sizes().get(c.sizes().size() - 1));
        UnrollSettings settings = new UnrollSettings(c.steps(), c.queries(), c.batch(), 1, c.precision(), 0);
        return i -> InnerLoop.evaluate(spec, Genome.random(layout, i), task, settings, sameSeed ? 7 : 100 + i);
    }

    /**
     * Adam on the MLP of the paper's shape (relu_tanh hidden layer), the paper's unroll. Every call uses
     * one seed and its episode is drawn once, as the BLUR cases' per-thread cache does, so both time the
     * learning and not the drawing of 35 batches.
     */
    private static IntConsumer baseline(Precision precision) {
        NetworkSpec spec = NetworkSpec.defaults(2, List.of(196, 512, 10));
        Task task = new DrawnOnce(new UniformTask(196, 10));
        UnrollSettings s = new UnrollSettings(15, 20, 128, 1, precision, 0);
        return i -> MlpBaseline.evaluateHorizons(spec, Activation.RELU_TANH, Optimizer.adam(1e-3), BatchNorm.NONE,
                List.of(task), s, List.of(List.of(new QueryMode(128, false))), 7);
    }

    /** Forward 2·B·(n_l+1)·n_{l+1} per layer; a training step also computes weight and input gradients (3×). */
    private static double baselineGflop(List<Integer> sizes, int batch, int steps, int queries) {
        double fwd = 0;
        for (int l = 0; l + 1 < sizes.size(); l++) {
            fwd += 2.0 * batch * (sizes.get(l) + 1) * sizes.get(l + 1);
        }
        return (3 * fwd * steps + fwd * queries) / 1e9;
    }

    /** ND4J's float sgemm on 1024³. */
    private static final class Sgemm {
        private static final int N = 1024;
        final double flop = 2.0 * N * N * N;
        private final INDArray a = Nd4j.rand(DataType.FLOAT, N, N);
        private final INDArray b = Nd4j.rand(DataType.FLOAT, N, N);
        private final INDArray c = Nd4j.create(DataType.FLOAT, N, N);

        void run() {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
    }

    /** A task that draws the episode of its last (seed, sizes) once and hands out that episode again. */
    static final class DrawnOnce implements Task {
        private final Task task;
        private List<Long> key;
        private Episode episode;

        DrawnOnce(Task task) {
            this.task = task;
        }

        @Override
        public String name() {
            return task.name();
        }

        @Override
        public int inputs() {
            return task.inputs();
        }

        @Override
        public int outputs() {
            return task.outputs();
        }

        @Override
        public Episode episode(long seed, int batch, int supportBatches, int queryBatches) {
            List<Long> k = List.of(seed, (long) batch, (long) supportBatches, (long) queryBatches);
            if (!k.equals(key)) {
                episode = task.episode(seed, batch, supportBatches, queryBatches);
                key = k;
            }
            return episode;
        }
    }

    /** Uniform [0,1] inputs with random labels: timing stand-in for an image task of the same shape. */
    record UniformTask(int inputs, int outputs) implements Task {
        @Override
        public String name() {
            return "uniform" + inputs;
        }

        @Override
        public Episode episode(long seed, int batch, int supportBatches, int queryBatches) {
            SplittableRandom rng = new SplittableRandom(seed);
            return new Episode(batches(rng, batch, supportBatches), batches(rng, batch, queryBatches));
        }

        private List<Batch> batches(SplittableRandom rng, int batch, int count) {
            List<Batch> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                double[] x = new double[batch * inputs];
                for (int j = 0; j < x.length; j++) {
                    x[j] = rng.nextDouble();
                }
                int[] labels = new int[batch];
                for (int b = 0; b < batch; b++) {
                    labels[b] = rng.nextInt(outputs);
                }
                out.add(new Batch(batch, x, Batch.targetsFor(labels, outputs), labels));
            }
            return out;
        }
    }
}
