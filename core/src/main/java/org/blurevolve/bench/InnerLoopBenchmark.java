package org.blurevolve.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.task.Batch;
import org.blurevolve.task.Episode;
import org.blurevolve.task.Task;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures whole fitness evaluations (InnerLoop.evaluate: allocation, T learning steps, E query
 * steps) in the paper's ES setting and two others, and compares the matmul work the block
 * formulation needs (per learning step and layer: forward 2·B·(n_l+1)·n_{l+1}·K, Hebbian the same,
 * backward 2·B·n_{l+1}·n_l·K for l ≥ 1; per query batch the forward term) with ND4J's own float
 * sgemm (1024³) measured in the same run. Run it with OMP_NUM_THREADS=1 for single-thread figures.
 * Prints a table and one JSON line per case. The main figure uses one seed for every evaluation,
 * as evolution does within a generation; "new seed" draws synapses and batches for each. Evaluation time does not depend on pixel values, so
 * the image case uses uniform [0,1] inputs and needs no dataset.
 */
public final class InnerLoopBenchmark {
    private record Case(String name, List<Integer> sizes, int k, int batch, int steps, int queries) {
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

    private InnerLoopBenchmark() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        run(System.out, seconds);
    }

    /** Runs every case for about {@code secondsPerCase} each after a warm-up. */
    public static void run(PrintStream out, double secondsPerCase) {
        List<Case> cases = List.of(
                new Case("paper-es-mnist14 K=2", List.of(196, 512, 10), 2, 128, 15, 20),
                new Case("paper-es-mnist14 K=4", List.of(196, 512, 10), 4, 128, 15, 20),
                new Case("2d-task 2-20-2 K=2", List.of(2, 20, 2), 2, 512, 10, 10));
        double peakBefore = sgemmGflops(secondsPerCase / 4);
        List<String> rows = new ArrayList<>();
        List<String> json = new ArrayList<>();
        for (Case c : cases) {
            double coldSeconds = timeEvaluation(c, secondsPerCase, false);
            double evalSeconds = timeEvaluation(c, secondsPerCase, true);
            double gflops = c.gflop() / evalSeconds;
            rows.add(String.format(Locale.ROOT, "%-24s %10.1f %10.2f %10.3f %10.1f %8.3f %12.1f", c.name(),
                    evalSeconds * 1e3, 1 / evalSeconds, c.gflop(), gflops, gflops / peakBefore, coldSeconds * 1e3));
            json.add(String.format(Locale.ROOT, "{\"case\": \"%s\", \"ms_per_evaluation\": %.3f, \"evaluations_per_s\": %.3f,"
                    + " \"gflop_per_evaluation\": %.4f, \"gflops\": %.3f, \"sgemm_gflops\": %.3f, \"fraction_of_sgemm\": %.4f,"
                    + " \"ms_per_evaluation_new_seed\": %.3f, \"omp_num_threads\": \"%s\"}", c.name(), evalSeconds * 1e3,
                    1 / evalSeconds, c.gflop(), gflops, peakBefore, gflops / peakBefore, coldSeconds * 1e3,
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")));
        }
        out.printf(Locale.ROOT, "ND4J float sgemm 1024³: %.1f GFLOP/s (OMP_NUM_THREADS=%s)%n", peakBefore,
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        out.printf("%-24s %10s %10s %10s %10s %8s %12s%n", "case", "ms/eval", "evals/s", "GFLOP/eval", "GFLOP/s",
                "÷sgemm", "ms new seed");
        rows.forEach(out::println);
        json.forEach(out::println);
    }

    /**
     * Mean seconds per evaluation of a fresh random genome. With {@code sameSeed} every evaluation
     * uses one seed, as every genome of a generation does in evolution (common random numbers: the
     * synapse init and the batches are drawn once per thread); otherwise each draws its own.
     */
    private static double timeEvaluation(Case c, double seconds, boolean sameSeed) {
        NetworkSpec spec = NetworkSpec.defaults(c.k(), c.sizes());
        GenomeLayout layout = GenomeLayout.shared(c.k());
        Genome genome = Genome.random(layout, 1);
        Task task = new UniformTask(c.sizes().get(0), c.sizes().get(c.sizes().size() - 1));
        UnrollSettings settings = new UnrollSettings(c.steps(), c.queries(), c.batch(), 1, Precision.FLOAT, 0);
        for (int i = 0; i < 3; i++) {
            InnerLoop.evaluate(spec, genome, task, settings, i);
        }
        int runs = 0;
        long start = System.nanoTime();
        long spent;
        do {
            InnerLoop.evaluate(spec, Genome.random(layout, runs), task, settings, sameSeed ? 7 : 100 + runs);
            runs++;
            spent = System.nanoTime() - start;
        } while (spent < seconds * 1e9 || runs < 3);
        return spent / 1e9 / runs;
    }

    private static double sgemmGflops(double seconds) {
        int n = 1024;
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        for (int i = 0; i < 3; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        int runs = 0;
        long start = System.nanoTime();
        do {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            runs++;
        } while (System.nanoTime() - start < seconds * 1e9);
        return 2.0 * n * n * n * runs / ((System.nanoTime() - start) / 1e9) / 1e9;
    }

    /** Uniform [0,1] inputs with random labels: timing stand-in for an image task of the same shape. */
    public record UniformTask(int inputs, int outputs) implements Task {
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
