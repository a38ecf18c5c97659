package org.blurevolve.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.gradient.MetaGradient;
import org.blurevolve.gradient.MetaGradientSettings;
import org.blurevolve.gradient.MetaLoss;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.task.Task;

/**
 * The cost of one meta-gradient (docs/model.md §10, always in double) against one fitness
 * evaluation of the same genome, T and E, in double and in float, measured in the same run: the
 * ratio the reverse-mode bound says should stay below about 4. Two record policies: the default
 * (every step's records kept while they fit the heap budget, else recomputed segments) and every
 * step's records kept. The four paths of a case are timed in turn in thread CPU time, after all are
 * warm. Prints a table and one JSON line per case.
 */
public final class MetaGradientBenchmark {
    private record Case(String name, List<Integer> sizes, int k, int batch, int steps, int queries) {
    }

    /** Untimed rounds of every path before timing. */
    private static final int WARM_UP_ROUNDS = 3;

    private MetaGradientBenchmark() {
    }

    public static void main(String[] args) {
        run(System.out, args.length > 0 ? Double.parseDouble(args[0]) : 10);
    }

    /** Runs every case for about {@code secondsPerCase} per measured path after a warm-up. */
    public static void run(PrintStream out, double secondsPerCase) {
        List<Case> cases = List.of(
                new Case("paper-es-mnist14 K=2", List.of(196, 512, 10), 2, 128, 15, 20),
                new Case("paper-es-mnist14 K=4", List.of(196, 512, 10), 4, 128, 15, 20),
                new Case("2d-task 2-20-2 K=2", List.of(2, 20, 2), 2, 512, 10, 10));
        List<String> rows = new ArrayList<>();
        List<String> json = new ArrayList<>();
        for (Case c : cases) {
            NetworkSpec spec = NetworkSpec.defaults(c.k(), c.sizes());
            GenomeLayout layout = GenomeLayout.shared(c.k());
            Genome genome = Genome.random(layout, 1);
            Task task = new InnerLoopBenchmark.UniformTask(c.sizes().get(0), c.sizes().get(c.sizes().size() - 1));
            UnrollSettings dbl = new UnrollSettings(c.steps(), c.queries(), c.batch(), 1, Precision.DOUBLE, 0);
            UnrollSettings flt = new UnrollSettings(c.steps(), c.queries(), c.batch(), 1, Precision.FLOAT, 0);
            double[] ms = roundRobin(secondsPerCase, List.of(
                    r -> MetaGradient.evaluate(spec, genome, task, dbl, 7,
                            new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, c.steps(), 0, 0)),
                    r -> MetaGradient.evaluate(spec, genome, task, dbl, 7,
                            new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, c.steps(), 0, Integer.MAX_VALUE)),
                    r -> InnerLoop.evaluate(spec, genome, task, dbl, 7),
                    r -> InnerLoop.evaluate(spec, genome, task, flt, 7)));
            double grad = ms[0];
            double kept = ms[1];
            double evalDouble = ms[2];
            double evalFloat = ms[3];
            rows.add(String.format(Locale.ROOT, "%-24s %12.1f %12.1f %12.1f %12.1f %10.2f %10.2f %10.2f", c.name(),
                    grad, kept, evalDouble, evalFloat, grad / evalDouble, grad / evalFloat, kept / evalDouble));
            json.add(String.format(Locale.ROOT, "{\"case\": \"%s\", \"ms_per_meta_gradient\": %.3f,"
                    + " \"ms_per_meta_gradient_records_kept\": %.3f,"
                    + " \"ms_per_evaluation_double\": %.3f, \"ms_per_evaluation_float\": %.3f,"
                    + " \"gradient_over_evaluation_double\": %.3f, \"gradient_over_evaluation_float\": %.3f,"
                    + " \"steps\": %d, \"query_batches\": %d, \"omp_num_threads\": \"%s\"}", c.name(), grad, kept,
                    evalDouble, evalFloat, grad / evalDouble, grad / evalFloat, c.steps(), c.queries(),
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")));
        }
        out.printf("%-24s %12s %12s %12s %12s %10s %10s %10s%n", "meta-gradient case", "ms/gradient", "ms/g kept",
                "ms/eval f64", "ms/eval f32", "÷eval f64", "÷eval f32", "kept÷f64");
        rows.forEach(out::println);
        json.forEach(out::println);
    }

    /**
     * Mean ms of thread CPU time per run of each of {@code paths}: {@link #WARM_UP_ROUNDS} untimed
     * rounds, then timed rounds (one run of each path per round, in turn) until the rounds took
     * {@code seconds} per path, at least three. Timing the paths in turn, after all are warm, keeps
     * the JIT's warm-up and changes of machine load out of their ratios (timed one after the other,
     * the first path absorbed the warm-up; docs/performance.md, "Meta-gradient, recompute").
     */
    private static double[] roundRobin(double seconds, List<LongConsumer> paths) {
        for (int r = 0; r < WARM_UP_ROUNDS; r++) {
            for (LongConsumer p : paths) {
                p.accept(r);
            }
        }
        long[] spent = new long[paths.size()];
        long total = 0;
        int rounds = 0;
        while (total < seconds * 1e9 * paths.size() || rounds < 3) {
            for (int i = 0; i < paths.size(); i++) {
                long start = InnerLoopBenchmark.cpuNanos();
                paths.get(i).accept(rounds);
                long took = InnerLoopBenchmark.cpuNanos() - start;
                spent[i] += took;
                total += took;
            }
            rounds++;
        }
        double[] ms = new double[paths.size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = spent[i] / 1e6 / rounds;
        }
        return ms;
    }
}
