package org.blurevolve.driver.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.blurevolve.genome.GenomeFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The files of one run folder: {@code config.conf}, {@code metrics.csv} and {@code metrics.jsonl}
 * (appended and flushed each generation), {@code best-genome.json}, {@code hall-of-fame.json} and
 * {@code plots/fitness.png}. Genome files are written atomically.
 */
public final class RunOutputs {
    private final Path dir;
    private final List<String> tasks;
    private final List<GenerationRecord> history = new ArrayList<>();

    private RunOutputs(Path dir, List<String> tasks) {
        this.dir = dir;
        this.tasks = List.copyOf(tasks);
    }

    /** Creates a fresh run folder and writes the resolved config; {@code tasks} names the meta-train tasks. */
    public static RunOutputs create(Path dir, String resolvedConfig, List<String> tasks) throws IOException {
        RunOutputs out = new RunOutputs(dir, tasks);
        Files.createDirectories(dir.resolve("plots"));
        GenomeFile.writeAtomically(dir.resolve("config.conf"), resolvedConfig + "\n");
        GenomeFile.writeAtomically(dir.resolve("metrics.csv"), GenerationRecord.csvHeader(tasks) + "\n");
        GenomeFile.writeAtomically(dir.resolve("metrics.jsonl"), "");
        return out;
    }

    /**
     * Reopens a run folder to continue after {@code generation}: metric rows of later generations
     * (written after that checkpoint) are dropped, earlier ones are kept and reloaded for the plot.
     */
    public static RunOutputs reopen(Path dir, long generation, List<String> tasks) throws IOException {
        RunOutputs out = new RunOutputs(dir, tasks);
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        List<String> jsonl = Files.readAllLines(dir.resolve("metrics.jsonl"));
        StringBuilder keptCsv = new StringBuilder(csv.get(0)).append('\n');
        StringBuilder keptJson = new StringBuilder();
        for (int i = 1; i < csv.size(); i++) {
            GenerationRecord r = GenerationRecord.parseCsv(csv.get(i));
            if (r.generation() <= generation) {
                out.history.add(r);
                keptCsv.append(csv.get(i)).append('\n');
                keptJson.append(jsonl.get(i - 1)).append('\n');
            }
        }
        GenomeFile.writeAtomically(dir.resolve("metrics.csv"), keptCsv.toString());
        GenomeFile.writeAtomically(dir.resolve("metrics.jsonl"), keptJson.toString());
        return out;
    }

    public Path dir() {
        return dir;
    }

    /** Appends a generation's row to both metrics files. */
    public void append(GenerationRecord r) throws IOException {
        history.add(r);
        Files.writeString(dir.resolve("metrics.csv"), r.csv() + "\n", StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("metrics.jsonl"), r.json(tasks) + "\n", StandardOpenOption.APPEND);
    }

    public void bestGenome(GenomeFile.Entry best) throws IOException {
        GenomeFile.writeGenome(dir.resolve("best-genome.json"), best);
    }

    public void hallOfFame(List<GenomeFile.Entry> entries) throws IOException {
        GenomeFile.writePopulation(dir.resolve("hall-of-fame.json"), entries);
    }

    /** Redraws the fitness-over-generations plot (best, mean and meta-test). */
    public void plot(String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("generation").yAxisTitle("fitness").build();
        series(chart, "best", r -> r.best());
        series(chart, "mean", r -> r.mean());
        series(chart, "meta-test (best genome)", r -> r.metaTest());
        BitmapEncoder.saveBitmap(chart, dir.resolve("plots/fitness.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private void series(XYChart chart, String name, java.util.function.ToDoubleFunction<GenerationRecord> f) {
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

    /** Provenance common to every genome this run writes. */
    public static Map<String, Object> provenance(String run, long seed, String source, long generation, double fitness) {
        return Map.of("createdBy", "blur-evolve " + version(), "run", run, "seed", seed, "experiment", source,
                "generation", generation, "fitness", fitness, "createdAt", java.time.Instant.now().toString());
    }

    /** The version of this program, from the jar manifest (or "dev" when run from classes). */
    public static String version() {
        String v = RunOutputs.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
