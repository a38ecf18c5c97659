package org.blurevolve.driver.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.blurevolve.baseline.BatchNorm;
import org.blurevolve.baseline.MlpBaseline;
import org.blurevolve.baseline.Optimizer;
import org.blurevolve.data.ImageDataset;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.data.DriverDataFiles;
import org.blurevolve.driver.config.TaskEntry;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.HorizonAggregate;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.QueryMode;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.GenomeFile;
import org.blurevolve.network.Activation;
import org.blurevolve.network.ActivationStatistics;
import org.blurevolve.network.Stabilizers;
import org.blurevolve.task.ImageTask;
import org.blurevolve.task.SeedStream;
import org.blurevolve.task.Task;
import org.blurevolve.task.TaskSpec;

/**
 * {@code blur eval}: scores genomes on named tasks' test splits (or, to select genomes, validation
 * splits) at several inner-step counts, all
 * from one unroll per replica (docs/model.md §8), over R replicas (mean ± std), and compares them
 * with SGD, SGD with momentum and Adam on the same MLP, init and batches, each without and with batch
 * normalisation in the experiment's statistics mode. Each optimiser's learning rate is chosen per step
 * count on the validation split (mean over replicas, at the query batch) and the same training runs
 * are reported on the test split. Every score is given for several query modes: the query batch, 1,
 * the training batch B, and class-sorted batches of B. Writes {@code results.md}, {@code results.csv}
 * and one learning-curve PNG per task (every step count, query batch). With several genomes (a
 * population file) they are ranked by mean test accuracy. A diverged replica scores 0 and is counted.
 */
public final class GenomeEvaluation {
    /** Learning rates swept for each optimiser. */
    static final Map<Optimizer.Kind, double[]> SWEEP = Map.of(
            Optimizer.Kind.SGD, new double[] {0.1, 0.3, 1.0, 3.0},
            Optimizer.Kind.MOMENTUM, new double[] {0.03, 0.1, 0.3, 1.0},
            Optimizer.Kind.ADAM, new double[] {0.001, 0.003, 0.01, 0.03});

    /**
     * One row of the results: a method on a task at a step count with a query mode. A replica that
     * diverged (or failed) counts as accuracy 0 in the mean and is counted in {@code diverged}.
     */
    public record Row(String task, int steps, String method, String setting, String query, double mean, double std,
                      int replicas, int diverged) {
    }

    /**
     * What to evaluate besides the genomes and tasks.
     *
     * @param steps         step counts scored along one unroll, ascending
     * @param baselineSteps step counts the baselines are run to (a subset of {@code steps}; empty = none)
     * @param queryBatch    the query batch of the headline scores
     * @param replicas      replicas per score
     * @param split         the split scores are reported on: TEST, or VALIDATION to select genomes without test data
     */
    public record Plan(List<Integer> steps, List<Integer> baselineSteps, int queryBatch, int replicas,
                       ImageTask.QuerySplit split) {
    }

    private GenomeEvaluation() {
    }

    /** Runs the evaluation; {@code taskSpecs} are {@code dataset:side} (e.g. {@code mnist:14}) or synthetic families. */
    public static List<Row> run(ExperimentConfig config, List<GenomeFile.Entry> genomes, List<String> taskSpecs, Plan plan,
                                Path out, PrintStream log) throws IOException {
        List<Task[]> tasks = new ArrayList<>();
        for (String spec : taskSpecs) {
            tasks.add(new Task[] {task(config, spec, plan.split()), task(config, spec, ImageTask.QuerySplit.VALIDATION)});
        }
        List<QueryMode> modes = modes(config, plan.queryBatch());
        Files.createDirectories(out);
        List<Row> rows = new ArrayList<>();
        for (Task[] pair : tasks) {
            Map<String, double[]> curves = new LinkedHashMap<>();
            for (int gi = 0; gi < genomes.size(); gi++) {
                GenomeFile.Entry g = genomes.get(gi);
                String name = genomes.size() == 1 ? "BLUR genome" : "genome " + gi;
                UnrollSettings s = settings(config, plan.steps(), modes.get(0));
                FitnessResult[][][] reps = parallel(plan.replicas(), rep -> InnerLoop.evaluateHorizons(config.network(),
                        g.genome(), pair[0], s, seed(config, rep), modes));
                addRows(rows, curves, pair[0].name(), name, "", plan.steps(), modes, reps, log);
            }
            if (!plan.baselineSteps().isEmpty()) {
                for (BatchNorm bn : norms(config)) {
                    for (Optimizer.Kind kind : Optimizer.Kind.values()) {
                        baseline(config, pair, kind, bn, plan, modes, rows, curves, log);
                    }
                }
            }
            plot(out.resolve("curve-" + pair[0].name().replaceAll("[^A-Za-z0-9._-]", "_") + ".png"), pair[0].name(),
                    plan.steps(), modes.get(0), curves);
        }
        write(out, rows, genomes.size() > 1, plan.split());
        return rows;
    }

    /** The query batch, then 1, the training batch B and class-sorted batches of B (duplicates dropped). */
    static List<QueryMode> modes(ExperimentConfig config, int queryBatch) {
        int b = config.unroll().batch();
        List<QueryMode> modes = new ArrayList<>();
        for (QueryMode m : List.of(new QueryMode(queryBatch, false), new QueryMode(1, false), new QueryMode(b, false),
                new QueryMode(b, true))) {
            if (!modes.contains(m) && (config.network().zeroNeurons() || m.batch() == b)) {
                modes.add(m);
            }
        }
        return modes;
    }

    /** No normalisation, and batch norm in the experiment's activation statistics mode (batch when off). */
    private static List<BatchNorm> norms(ExperimentConfig config) {
        Stabilizers st = config.network().stabilizers();
        boolean support = st.activationNormalization() && st.activationStatistics() == ActivationStatistics.SUPPORT;
        return List.of(BatchNorm.NONE, support ? BatchNorm.SUPPORT : BatchNorm.BATCH);
    }

    private static UnrollSettings settings(ExperimentConfig config, List<Integer> steps, QueryMode mode) {
        return new UnrollSettings(steps, HorizonAggregate.MEAN, config.unroll().queryBatches(), config.unroll().batch(),
                mode, 1, config.unroll().precision(), 0, config.unroll().synapseLimit());
    }

    /**
     * One optimiser (with or without batch norm): every swept learning rate trained once per replica,
     * scored on validation (at the query batch) and on test (every query mode); per step count the
     * rate with the best mean validation accuracy is reported on test.
     */
    private static void baseline(ExperimentConfig config, Task[] pair, Optimizer.Kind kind, BatchNorm bn, Plan plan,
                                 List<QueryMode> modes, List<Row> rows, Map<String, double[]> curves, PrintStream log) {
        double[] rates = SWEEP.get(kind);
        UnrollSettings s = settings(config, plan.baselineSteps(), modes.get(0));
        FitnessResult[][][][] runs = new FitnessResult[rates.length * plan.replicas()][][][];
        IntStream.range(0, runs.length).parallel().forEach(i -> runs[i] = MlpBaseline.evaluateHorizons(config.network(),
                Activation.TANH, optimizer(kind, rates[i / plan.replicas()]), bn, List.of(pair[1], pair[0]), s,
                List.of(modes.subList(0, 1), modes), seed(config, i % plan.replicas())));
        String method = kind.name().toLowerCase(Locale.ROOT) + bn.label();
        for (int h = 0; h < s.horizons().size(); h++) {
            int best = 0;
            double bestAcc = -1;
            for (int lr = 0; lr < rates.length; lr++) {
                double acc = 0;
                for (int rep = 0; rep < plan.replicas(); rep++) {
                    double a = runs[lr * plan.replicas() + rep][0][h][0].accuracy();
                    acc += Double.isFinite(a) ? a : 0;
                }
                if (acc > bestAcc) {
                    bestAcc = acc;
                    best = lr;
                }
            }
            int chosen = best;
            FitnessResult[][][] test = new FitnessResult[plan.replicas()][][];
            for (int rep = 0; rep < plan.replicas(); rep++) {
                test[rep] = new FitnessResult[][] {runs[chosen * plan.replicas() + rep][1][h]};
            }
            addRows(rows, curves, pair[0].name(), method, "lr=" + rates[chosen], List.of(s.horizons().get(h)), modes,
                    test, log);
        }
    }

    /** Rows (and the curve point at the headline query mode) of one method from its replicas' [h][m] results. */
    private static void addRows(List<Row> rows, Map<String, double[]> curves, String task, String method, String setting,
                                List<Integer> steps, List<QueryMode> modes, FitnessResult[][][] reps, PrintStream log) {
        for (int h = 0; h < steps.size(); h++) {
            for (int m = 0; m < modes.size(); m++) {
                double[] acc = new double[reps.length];
                int diverged = 0;
                for (int r = 0; r < reps.length; r++) {
                    double a = reps[r][h][m].accuracy();
                    acc[r] = Double.isFinite(a) ? a : 0.0;
                    diverged += Double.isFinite(a) ? 0 : 1;
                }
                double mean = java.util.Arrays.stream(acc).average().orElse(Double.NaN);
                double var = java.util.Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum()
                        / Math.max(1, reps.length - 1);
                Row row = new Row(task, steps.get(h), method, setting, modes.get(m).label(), mean, Math.sqrt(var),
                        reps.length, diverged);
                rows.add(row);
                if (m == 0) {
                    curves.computeIfAbsent(method, k -> new double[0]);
                    curves.put(method, append(curves.get(method), steps.get(h), mean));
                    log.printf(Locale.ROOT, "%s T=%d %s %s (%s): %.4f ± %.4f (%d/%d diverged)%n", task, steps.get(h),
                            method, setting, row.query(), mean, row.std(), diverged, reps.length);
                }
            }
        }
    }

    /** Curve points are stored as (steps, accuracy) pairs, flattened. */
    private static double[] append(double[] xy, int steps, double y) {
        double[] out = java.util.Arrays.copyOf(xy, xy.length + 2);
        out[xy.length] = steps;
        out[xy.length + 1] = y;
        return out;
    }

    private static FitnessResult[][][] parallel(int replicas, java.util.function.IntFunction<FitnessResult[][]> one) {
        FitnessResult[][][] out = new FitnessResult[replicas][][];
        IntStream.range(0, replicas).parallel().forEach(r -> out[r] = one.apply(r));
        return out;
    }

    private static long seed(ExperimentConfig config, int replica) {
        return config.seeds().of(SeedStream.EVAL_REPLICA, replica);
    }

    private static Optimizer optimizer(Optimizer.Kind kind, double lr) {
        return switch (kind) {
            case SGD -> Optimizer.sgd(lr);
            case MOMENTUM -> Optimizer.momentum(lr);
            case ADAM -> Optimizer.adam(lr);
        };
    }

    /**
     * Parses a task name: {@code dataset:side} for images, else a synthetic family; what the name
     * does not say comes from the experiment's task defaults.
     */
    static Task task(ExperimentConfig config, String name, ImageTask.QuerySplit split) {
        String[] parts = name.split(":", -1);
        String hocon = parts.length == 2 ? "{dataset = " + quote(parts[0]) + ", side = " + quote(parts[1]) + ", query = "
                + split.name().toLowerCase(Locale.ROOT) + "}" : "{family = " + quote(name) + "}";
        TaskEntry entry = ExperimentLoader.task(config, hocon, "--task " + name);
        TaskSpec spec = entry instanceof TaskEntry.Synthetic s
                ? new TaskSpec.Synthetic(s.family(), s.outputs(), s.bits(), config.seeds().of(SeedStream.EVAL_TASK))
                : entry.specs(config.seeds(), 0, 0, config.dataRoot()).get(0);
        return spec.build(dir -> ImageDataset.Splits.read(DriverDataFiles.INSTANCE, dir));
    }

    private static String quote(String s) {
        return com.typesafe.config.ConfigUtil.quoteString(s);
    }

    private static void plot(Path file, String title, List<Integer> steps, QueryMode mode, Map<String, double[]> curves)
            throws IOException {
        org.knowm.xchart.XYChart chart = new org.knowm.xchart.XYChartBuilder().width(800).height(500)
                .title(title + ": test accuracy (" + mode.label() + ")").xAxisTitle("inner learning steps")
                .yAxisTitle("accuracy").build();
        chart.getStyler().setXAxisLogarithmic(steps.get(steps.size() - 1) > 10 * steps.get(0));
        curves.forEach((name, xy) -> {
            double[] x = new double[xy.length / 2];
            double[] y = new double[xy.length / 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = xy[2 * i];
                y[i] = xy[2 * i + 1];
            }
            chart.addSeries(name, x, y);
        });
        org.knowm.xchart.BitmapEncoder.saveBitmap(chart, file.toString(), org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * results.csv (commas in task names written as ';', as in metrics.csv) and results.md, whose accuracy
     * column names the split it was scored on.
     */
    static void write(Path out, List<Row> rows, boolean rank, ImageTask.QuerySplit split) throws IOException {
        StringBuilder csv = new StringBuilder("task,steps,method,setting,query,mean_accuracy,std,replicas,diverged\n");
        StringBuilder md = new StringBuilder("| task | steps | method | setting | query | "
                + split.name().toLowerCase(Locale.ROOT) + " accuracy (mean ± std) | replicas | diverged |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        List<Row> ordered = new ArrayList<>(rows);
        if (rank) {
            ordered.sort(java.util.Comparator.comparing(Row::task).thenComparing(Row::steps).thenComparing(Row::query)
                    .thenComparing((Row r) -> -r.mean()));
        }
        for (Row r : ordered) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%s,%.6f,%.6f,%d,%d%n", r.task().replace(",", ";"), r.steps(), r.method(),
                    r.setting(), r.query(), r.mean(), r.std(), r.replicas(), r.diverged()));
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %.4f ± %.4f | %d | %d |%n", r.task(),
                    r.steps(), r.method(), r.setting(), r.query(), r.mean(), r.std(), r.replicas(), r.diverged()));
        }
        org.blurevolve.io.AtomicFiles.write(out.resolve("results.csv"), csv.toString());
        org.blurevolve.io.AtomicFiles.write(out.resolve("results.md"), md.toString());
    }
}
