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
import java.util.function.IntFunction;
import org.blurevolve.baseline.MlpBaseline;
import org.blurevolve.baseline.Optimizer;
import org.blurevolve.data.ImageDataset;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.data.DriverDataFiles;
import org.blurevolve.driver.config.TaskEntry;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.GenomeFile;
import org.blurevolve.network.Activation;
import org.blurevolve.task.ImageTask;
import org.blurevolve.task.SeedStream;
import org.blurevolve.task.TaskSpec;
import org.blurevolve.task.Task;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * {@code blur eval}: scores genomes on named tasks at several inner-step counts over R replicas
 * (test split, mean ± std) and compares them with SGD, SGD with momentum and Adam on the same MLP,
 * init and batches. Each optimiser's learning rate is chosen per step count on the validation
 * split (mean over the replicas) and then reported on the test split. Writes {@code results.md},
 * {@code results.csv} and one learning-curve PNG per task. With several genomes (a population
 * file) they are ranked by mean test accuracy. A diverged replica scores 0 and is counted.
 */
public final class GenomeEvaluation {
    /** Learning rates swept for each optimiser. */
    static final Map<Optimizer.Kind, double[]> SWEEP = Map.of(
            Optimizer.Kind.SGD, new double[] {0.1, 0.3, 1.0, 3.0},
            Optimizer.Kind.MOMENTUM, new double[] {0.03, 0.1, 0.3, 1.0},
            Optimizer.Kind.ADAM, new double[] {0.001, 0.003, 0.01, 0.03});

    /**
     * One row of the results: a method on a task at a step count. A replica that diverged (or
     * failed) counts as accuracy 0 in the mean and is counted in {@code diverged}.
     */
    public record Row(String task, int steps, String method, String setting, double mean, double std, int replicas,
                      int diverged) {
    }

    private GenomeEvaluation() {
    }

    /**
     * @param taskSpecs  {@code dataset:side} (e.g. {@code mnist:14}, {@code fashion-mnist:28}) or a synthetic family
     * @param baselines  whether to run the optimiser sweep
     */
    public static List<Row> run(ExperimentConfig config, List<GenomeFile.Entry> genomes, List<String> taskSpecs,
                                List<Integer> stepCounts, int replicas, boolean baselines, Path out, PrintStream log)
            throws IOException {
        List<Task[]> tasks = new ArrayList<>();
        for (String spec : taskSpecs) {
            tasks.add(new Task[] {task(config, spec, ImageTask.QuerySplit.TEST),
                task(config, spec, ImageTask.QuerySplit.VALIDATION)});
        }
        Files.createDirectories(out);
        List<Row> rows = new ArrayList<>();
        for (Task[] pair : tasks) {
            Task test = pair[0];
            Task validation = pair[1];
            Map<String, double[]> curves = new LinkedHashMap<>();
            for (int steps : stepCounts) {
                UnrollSettings s = new UnrollSettings(steps, config.unroll().queryBatches(), config.unroll().batch(),
                        1, config.unroll().precision(), 0);
                for (int gi = 0; gi < genomes.size(); gi++) {
                    GenomeFile.Entry g = genomes.get(gi);
                    String name = genomes.size() == 1 ? "BLUR genome" : "genome " + gi;
                    Row r = stats(test.name(), steps, name, "", replicas,
                            rep -> InnerLoop.evaluate(config.network(), g.genome(), test, s, seed(config, rep)));
                    rows.add(r);
                    curve(curves, name, stepCounts, steps, r.mean());
                    log.printf(Locale.ROOT, "%s T=%d %s: %.4f ± %.4f (%d/%d diverged)%n", test.name(), steps, name,
                            r.mean(), r.std(), r.diverged(), r.replicas());
                }
                if (baselines) {
                    for (Optimizer.Kind kind : Optimizer.Kind.values()) {
                        double bestLr = Double.NaN;
                        double bestAcc = -1;
                        for (double lr : SWEEP.get(kind)) {
                            Optimizer opt = optimizer(kind, lr);
                            double acc = stats(validation.name(), steps, kind.name(), "", replicas, rep ->
                                    MlpBaseline.evaluate(config.network(), Activation.TANH, opt, validation, s,
                                            seed(config, rep))).mean();
                            if (acc > bestAcc) {
                                bestAcc = acc;
                                bestLr = lr;
                            }
                        }
                        Optimizer opt = optimizer(kind, bestLr);
                        Row r = stats(test.name(), steps, kind.name().toLowerCase(Locale.ROOT), "lr=" + bestLr, replicas,
                                rep -> MlpBaseline.evaluate(config.network(), Activation.TANH, opt, test, s, seed(config, rep)));
                        rows.add(r);
                        curve(curves, r.method(), stepCounts, steps, r.mean());
                        log.printf(Locale.ROOT, "%s T=%d %s (lr %.3g chosen on validation): %.4f ± %.4f%n",
                                test.name(), steps, r.method(), bestLr, r.mean(), r.std());
                    }
                }
            }
            plot(out.resolve("curve-" + test.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".png"), test.name(),
                    stepCounts, curves);
        }
        write(out, rows, genomes.size() > 1);
        return rows;
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

    private static Row stats(String task, int steps, String method, String setting, int replicas,
                             IntFunction<FitnessResult> one) {
        double[] acc = new double[replicas];
        int diverged = 0;
        for (int r = 0; r < replicas; r++) {
            FitnessResult f = one.apply(r);
            acc[r] = Double.isFinite(f.accuracy()) ? f.accuracy() : 0.0;
            diverged += Double.isFinite(f.accuracy()) ? 0 : 1;
        }
        double mean = java.util.Arrays.stream(acc).average().orElse(Double.NaN);
        double var = java.util.Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum() / Math.max(1, replicas - 1);
        return new Row(task, steps, method, setting, mean, Math.sqrt(var), replicas, diverged);
    }

    private static void curve(Map<String, double[]> curves, String method, List<Integer> steps, int at, double v) {
        curves.computeIfAbsent(method, m -> new double[steps.size()])[steps.indexOf(at)] = v;
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

    private static void plot(Path file, String title, List<Integer> steps, Map<String, double[]> curves) throws IOException {
        XYChart chart = new XYChartBuilder().width(700).height(450).title(title + ": test accuracy")
                .xAxisTitle("inner learning steps").yAxisTitle("accuracy").build();
        double[] x = steps.stream().mapToDouble(Integer::doubleValue).toArray();
        curves.forEach((name, y) -> chart.addSeries(name, x, y));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void write(Path out, List<Row> rows, boolean rank) throws IOException {
        StringBuilder csv = new StringBuilder("task,steps,method,setting,mean_accuracy,std,replicas,diverged\n");
        StringBuilder md = new StringBuilder("| task | steps | method | setting | test accuracy (mean ± std) | replicas |"
                + " diverged |\n|---|---|---|---|---|---|---|\n");
        List<Row> ordered = new ArrayList<>(rows);
        if (rank) {
            ordered.sort(java.util.Comparator.comparing(Row::task).thenComparing(Row::steps)
                    .thenComparing((Row r) -> -r.mean()));
        }
        for (Row r : ordered) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%.6f,%.6f,%d,%d%n", r.task(), r.steps(), r.method(),
                    r.setting(), r.mean(), r.std(), r.replicas(), r.diverged()));
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.4f ± %.4f | %d | %d |%n", r.task(), r.steps(),
                    r.method(), r.setting(), r.mean(), r.std(), r.replicas(), r.diverged()));
        }
        org.blurevolve.io.AtomicFiles.write(out.resolve("results.csv"), csv.toString());
        org.blurevolve.io.AtomicFiles.write(out.resolve("results.md"), md.toString());
    }
}
