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
 * step's records kept. Prints a table and one JSON line per case.
 */
public final class MetaGradientBenchmark {
    private record Case(String name, List<Integer> sizes, int k, int batch, int steps, int queries) {
    }

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
            double grad = time(secondsPerCase, s -> MetaGradient.evaluate(spec, genome, task, dbl, 7,
                    new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, c.steps(), 0, 0)));
            double kept = time(secondsPerCase, s -> MetaGradient.evaluate(spec, genome, task, dbl, 7,
                    new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, c.steps(), 0, Integer.MAX_VALUE)));
            double evalDouble = time(secondsPerCase, s -> InnerLoop.evaluate(spec, genome, task, dbl, 7));
            double evalFloat = time(secondsPerCase, s -> InnerLoop.evaluate(spec, genome, task, flt, 7));
            rows.add(String.format(Locale.ROOT, "%-24s %12.1f %12.1f %12.1f %12.1f %10.2f %10.2f %10.2f", c.name(),
                    grad * 1e3, kept * 1e3, evalDouble * 1e3, evalFloat * 1e3, grad / evalDouble, grad / evalFloat,
                    kept / evalDouble));
            json.add(String.format(Locale.ROOT, "{\"case\": \"%s\", \"ms_per_meta_gradient\": %.3f,"
                    + " \"ms_per_meta_gradient_records_kept\": %.3f,"
                    + " \"ms_per_evaluation_double\": %.3f, \"ms_per_evaluation_float\": %.3f,"
                    + " \"gradient_over_evaluation_double\": %.3f, \"gradient_over_evaluation_float\": %.3f,"
                    + " \"steps\": %d, \"query_batches\": %d, \"omp_num_threads\": \"%s\"}", c.name(), grad * 1e3,
                    kept * 1e3,
                    evalDouble * 1e3, evalFloat * 1e3, grad / evalDouble, grad / evalFloat, c.steps(), c.queries(),
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")));
        }
        out.printf("%-24s %12s %12s %12s %12s %10s %10s %10s%n", "meta-gradient case", "ms/gradient", "ms/g kept",
                "ms/eval f64", "ms/eval f32", "÷eval f64", "÷eval f32", "kept÷f64");
        rows.forEach(out::println);
        json.forEach(out::println);
    }

    private static double time(double seconds, LongConsumer work) {
        for (int i = 0; i < 2; i++) {
            work.accept(i);
        }
        int runs = 0;
        long start = System.nanoTime();
        long spent;
        do {
            work.accept(runs);
            runs++;
            spent = System.nanoTime() - start;
        } while (spent < seconds * 1e9 || runs < 3);
        return spent / 1e9 / runs;
    }
}
