package org.blurevolve.driver.output;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;
import org.blurevolve.BadInputException;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.Termination;
import org.blurevolve.driver.evolution.Generation;
import org.blurevolve.driver.evolution.HallOfFame;
import org.blurevolve.genome.GenomeFile;
import org.blurevolve.io.AtomicFiles;
import org.blurevolve.io.JsonFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Records a run into its folder as it goes: {@code config.conf} and {@code provenance.json} at the
 * start; per generation a row of {@code metrics.csv} and {@code metrics.jsonl} (appended and
 * flushed), {@code best-genome.json} and {@code hall-of-fame.json} (atomic, with provenance),
 * {@code plots/fitness.png}, and one progress line on the log. Not thread-safe.
 */
public final class RunRecorder {
    private final Path dir;
    private final ExperimentConfig config;
    private final Provenance provenance;
    private final List<String> tasks;
    private final List<String> strategyColumns;
    private final PrintStream log;
    private final List<GenerationRecord> history = new ArrayList<>();

    private RunRecorder(Path dir, ExperimentConfig config, List<String> tasks, List<String> strategyColumns,
                        PrintStream log) {
        this.dir = dir;
        this.config = config;
        this.provenance = Provenance.of(config);
        this.tasks = List.copyOf(tasks);
        this.strategyColumns = List.copyOf(strategyColumns);
        this.log = log;
    }

    /**
     * Creates a fresh run folder; {@code tasks} names the meta-train tasks, {@code strategyColumns}
     * the strategy's own metrics columns.
     */
    public static RunRecorder create(Path dir, ExperimentConfig config, List<String> tasks,
                                     List<String> strategyColumns, PrintStream log) throws IOException {
        RunRecorder out = new RunRecorder(dir, config, tasks, strategyColumns, log);
        Files.createDirectories(dir.resolve("plots"));
        AtomicFiles.write(dir.resolve("config.conf"), config.resolvedText() + "\n");
        JsonFiles.writeAtomically(dir.resolve("provenance.json"), out.provenance.asMap(Map.of()));
        AtomicFiles.write(dir.resolve("metrics.csv"), GenerationRecord.csvHeader(tasks, strategyColumns) + "\n");
        AtomicFiles.write(dir.resolve("metrics.jsonl"), "");
        return out;
    }

    /**
     * Removes a run folder that {@link #create} made and no generation was recorded in (the run
     * could not score its first generation), so that the next run of the experiment takes its name.
     */
    public void discardUnused() throws IOException {
        if (!history.isEmpty()) {
            throw new IllegalStateException(dir + " holds recorded generations");
        }
        for (String f : List.of("config.conf", "provenance.json", "metrics.csv", "metrics.jsonl", "plots")) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }

    /**
     * Reopens a run folder to continue after {@code generation}: metric rows of later generations
     * (written after that checkpoint) and a torn last row are dropped, earlier ones kept for the plot.
     * metrics.csv rows written with other strategy columns (an earlier version's; its header names
     * them) are rewritten with the current columns, by name: NaN where they had none, and a column the
     * current strategy lacks is dropped. metrics.jsonl rows stay as written (keyed by name).
     */
    public static RunRecorder reopen(Path dir, ExperimentConfig config, long generation, List<String> tasks,
                                     List<String> strategyColumns, PrintStream log) throws IOException {
        RunRecorder out = new RunRecorder(dir, config, tasks, strategyColumns, log);
        Path csvFile = dir.resolve("metrics.csv");
        Path jsonFile = dir.resolve("metrics.jsonl");
        if (!Files.isRegularFile(csvFile) || !Files.isRegularFile(jsonFile)) {
            throw new BadInputException(dir + ": metrics.csv or metrics.jsonl is missing; the run folder is incomplete"
                    + " (restore the files, or start the experiment again with blur evolve)");
        }
        List<String> csv = Files.readAllLines(csvFile);
        List<String> jsonl = Files.readAllLines(jsonFile);
        StringBuilder keptCsv = new StringBuilder(GenerationRecord.csvHeader(tasks, strategyColumns)).append('\n');
        StringBuilder keptJson = new StringBuilder();
        List<String> written = csv.isEmpty() ? strategyColumns : GenerationRecord.strategyColumnsOf(csv.get(0));
        for (int i = 1; i < csv.size(); i++) {
            GenerationRecord r = GenerationRecord.parseCsv(csv.get(i), tasks.size(), written.size());
            if (r != null && r.generation() <= generation) {
                if (written.equals(strategyColumns)) {
                    keptCsv.append(csv.get(i)).append('\n');
                } else { // written by a version with other strategy columns: a column it lacked reads as NaN
                    r = r.withStrategyColumns(written, strategyColumns);
                    keptCsv.append(r.csv()).append('\n');
                }
                out.history.add(r);
            }
        }
        if (out.history.size() != generation + 1) {
            throw new BadInputException(csvFile + ": holds " + out.history.size() + " complete rows up to generation "
                    + generation + ", expected " + (generation + 1) + "; the metrics do not match the checkpoint");
        }
        if (jsonl.size() < out.history.size()) {
            throw new BadInputException(jsonFile + ": holds " + jsonl.size() + " rows, expected at least "
                    + out.history.size() + " (generations 0.." + generation + "); the metrics do not match the checkpoint");
        }
        for (int i = 0; i < out.history.size(); i++) {
            keptJson.append(jsonl.get(i)).append('\n');
        }
        AtomicFiles.write(csvFile, keptCsv.toString());
        AtomicFiles.write(jsonFile, keptJson.toString());
        return out;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Records a finished generation: metrics, hall of fame, best genome, plot and progress line.
     *
     * @param evaluations genomes scored in the run so far
     * @param wallSeconds seconds the run has taken so far
     * @param metaTest    meta-test fitness of the generation's best genome, NaN when not scored
     * @param strategy    the strategy's progress note (e.g. σ), may be empty
     * @param strategyValues the values of the strategy's own columns
     * @param horizons    the learning-step counts generation g's fitness scored (for the record and the
     *                    provenance of the hall's genomes)
     */
    public GenerationRecord record(Generation generation, long evaluations, double wallSeconds, double metaTest,
                                   HallOfFame hall, String strategy, double[] strategyValues,
                                   LongFunction<List<Integer>> horizons) throws IOException {
        double[] s = GenerationRecord.stats(generation.fitness());
        GenerationRecord r = new GenerationRecord(generation.index(), evaluations, s[0], s[1], s[2], s[3],
                generation.diverged(), generation.failed(), wallSeconds, generation.jobSeconds(), metaTest,
                generation.best().score().fitnessPerTask(config.metric()), generation.faults().lostExecutors(),
                generation.faults().failedTasks(), horizons.apply(generation.index()), strategyValues);
        history.add(r);
        Files.writeString(dir.resolve("metrics.csv"), r.csv() + "\n", StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        Files.writeString(dir.resolve("metrics.jsonl"), r.json(tasks, strategyColumns) + "\n", StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
        List<GenomeFile.Entry> entries = hall.entries().stream().map(e -> entry(e, horizons)).toList();
        if (!entries.isEmpty()) {
            GenomeFile.writeGenome(dir.resolve("best-genome.json"), entries.get(0));
            GenomeFile.writePopulation(dir.resolve("hall-of-fame.json"), entries);
        }
        plot();
        progress(r, strategy, generation.fitness().length);
        return r;
    }

    private GenomeFile.Entry entry(HallOfFame.Entry e, LongFunction<List<Integer>> horizons) {
        return new GenomeFile.Entry(e.genome(), provenance.asMap(Map.of("generation", e.generation(),
                "fitness", e.fitness(), "horizons", horizons.apply(e.generation()))));
    }

    private void progress(GenerationRecord r, String strategy, int genomes) {
        long g = r.generation();
        int total = config.termination().generations();
        double eta = remainingSeconds(r);
        String etaText = Double.isFinite(eta) ? String.format(Locale.ROOT, "  ETA %.0f s", eta) : "";
        String faults = r.lostExecutors() + r.failedTasks() == 0 ? "" : String.format(Locale.ROOT,
                "  faults: %d executor(s) lost, %d task attempt(s) failed and retried", r.lostExecutors(), r.failedTasks());
        String noSignal = r.diverged() + r.failed() < genomes ? ""
                : "  (no genome scored: this generation gives the strategy nothing to rank)";
        log.printf(Locale.ROOT, "gen %d%s  best %.4f  mean %.4f  diverged %d  failed %d  evals %d  job %.2f s%s%s%s%s%s%n",
                g, total > 0 ? "/" + total : "", r.best(), r.mean(), r.diverged(), r.failed(), r.evaluations(),
                r.jobSeconds(), Double.isFinite(r.metaTest()) ? String.format(Locale.ROOT, "  meta-test %.4f", r.metaTest())
                        : "", strategy.isEmpty() ? "" : "  " + strategy, noSignal, faults, etaText);
    }

    /**
     * Seconds until the first of the generation, evaluation and wall-clock limits ends the run, at the
     * pace so far (infinite when no limit is set or nothing has been timed yet).
     */
    private double remainingSeconds(GenerationRecord r) {
        Termination t = config.termination();
        long g = r.generation();
        double eta = Double.POSITIVE_INFINITY;
        if (g > 0 && t.generations() > 0) {
            eta = r.wallSeconds() / g * Math.max(0, t.generations() - g);
        }
        if (g > 0 && t.maxEvaluations() > 0 && r.evaluations() > 0) {
            eta = Math.min(eta, r.wallSeconds() / r.evaluations() * Math.max(0, t.maxEvaluations() - r.evaluations()));
        }
        if (t.wallClockSeconds() > 0) {
            eta = Math.min(eta, Math.max(0, t.wallClockSeconds() - r.wallSeconds()));
        }
        return eta;
    }

    /** Redraws the fitness-over-generations plot (best, mean and meta-test). */
    private void plot() throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title(config.name() + ": fitness (" + config.metric().name().toLowerCase(Locale.ROOT) + ")")
                .xAxisTitle("generation").yAxisTitle("fitness").build();
        series(chart, "best", GenerationRecord::best);
        series(chart, "mean", GenerationRecord::mean);
        series(chart, "meta-test (best genome)", GenerationRecord::metaTest);
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(dir.resolve("plots/fitness.png"), png);
    }

    private void series(XYChart chart, String name, ToDoubleFunction<GenerationRecord> f) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (GenerationRecord r : history) {
            double v = f.applyAsDouble(r);
            if (Double.isFinite(v)) {
                x.add((double) r.generation());
                y.add(v);
            }
        }
        if (!x.isEmpty()) {
            chart.addSeries(name, x, y);
        }
    }
}
