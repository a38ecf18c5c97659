package org.blurevolve.driver.output;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blurevolve.io.JsonFiles;

/**
 * One row of {@code metrics.csv} / {@code metrics.jsonl}. Fitness statistics are over the genomes
 * whose fitness is finite; {@code metaTest} is NaN in generations without a meta-test (or where it
 * diverged); {@code bestPerTask} holds the best genome's fitness on each meta-train task, NaN where
 * unknown; {@code lostExecutors} and {@code failedTasks} count cluster faults met while scoring (they
 * never change a score); {@code horizons} are the learning-step counts this generation's fitness
 * scored (meta-train scoring's, or a meta-gradient step's own horizons; empty in rows written before
 * horizons were recorded); {@code strategy} holds the strategy's own columns (e.g. a meta-gradient's
 * loss, norm and horizon), none for GA and CMA-ES. Immutable.
 */
public record GenerationRecord(long generation, long evaluations, double best, double mean, double median,
                               double std, int diverged, int failed, double wallSeconds, double jobSeconds,
                               double metaTest, double[] bestPerTask, int lostExecutors, int failedTasks,
                               List<Integer> horizons, double[] strategy) {
    public GenerationRecord {
        bestPerTask = bestPerTask.clone();
        horizons = List.copyOf(horizons);
        strategy = strategy.clone();
    }

    static final String CSV_HEADER = "generation,evaluations,best,mean,median,std,diverged,failed,wall_seconds,"
            + "job_seconds,meta_test";

    /**
     * The header with one {@code best_on:<task>} column per meta-train task, the fault counts, then the
     * strategy's columns.
     */
    static String csvHeader(List<String> tasks, List<String> strategyColumns) {
        StringBuilder sb = new StringBuilder(CSV_HEADER);
        for (String t : tasks) {
            sb.append(",best_on:").append(t.replace(",", ";"));
        }
        sb.append(",lost_executors,failed_tasks,horizons");
        for (String c : strategyColumns) {
            sb.append(',').append(c);
        }
        return sb.toString();
    }

    @Override
    public double[] bestPerTask() {
        return bestPerTask.clone();
    }

    @Override
    public double[] strategy() {
        return strategy.clone();
    }

    String csv() {
        StringBuilder sb = new StringBuilder(generation + "," + evaluations + "," + num(best) + "," + num(mean) + ","
                + num(median) + "," + num(std) + "," + diverged + "," + failed + "," + num(wallSeconds) + ","
                + num(jobSeconds) + "," + num(metaTest));
        for (double v : bestPerTask) {
            sb.append(',').append(num(v));
        }
        sb.append(',').append(lostExecutors).append(',').append(failedTasks).append(',')
                .append(String.join(";", horizons.stream().map(String::valueOf).toList()));
        for (double v : strategy) {
            sb.append(',').append(num(v));
        }
        return sb.toString();
    }

    String json(List<String> tasks, List<String> strategyColumns) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generation", generation);
        m.put("evaluations", evaluations);
        m.put("best", js(best));
        m.put("mean", js(mean));
        m.put("median", js(median));
        m.put("std", js(std));
        m.put("diverged", diverged);
        m.put("failed", failed);
        m.put("wall_seconds", js(wallSeconds));
        m.put("job_seconds", js(jobSeconds));
        m.put("meta_test", js(metaTest));
        Map<String, Object> per = new LinkedHashMap<>();
        for (int i = 0; i < bestPerTask.length; i++) {
            per.put(tasks.get(i), js(bestPerTask[i]));
        }
        m.put("best_per_task", per);
        m.put("lost_executors", lostExecutors);
        m.put("failed_tasks", failedTasks);
        m.put("horizons", horizons);
        for (int i = 0; i < strategy.length; i++) {
            m.put(strategyColumns.get(i), js(strategy[i]));
        }
        try {
            // one line per row: the shared mapper pretty-prints, a JSON-lines row must not
            return JsonFiles.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render a metrics row", e);
        }
    }

    /**
     * The strategy columns a metrics.csv header names: those after {@code horizons}. A header without
     * {@code horizons} gives none: it was written before horizons were recorded, and strategy columns
     * came after them, so no such file has any.
     */
    static List<String> strategyColumnsOf(String header) {
        List<String> cells = List.of(header.split(",", -1));
        int at = cells.indexOf("horizons");
        return at < 0 ? List.of() : cells.subList(at + 1, cells.size());
    }

    /** This row with its strategy values moved from the {@code from} columns to {@code to}, NaN where new. */
    GenerationRecord withStrategyColumns(List<String> from, List<String> to) {
        double[] moved = new double[to.size()];
        for (int i = 0; i < moved.length; i++) {
            int at = from.indexOf(to.get(i));
            moved[i] = at < 0 ? Double.NaN : strategy[at];
        }
        return new GenerationRecord(generation, evaluations, best, mean, median, std, diverged, failed, wallSeconds,
                jobSeconds, metaTest, bestPerTask, lostExecutors, failedTasks, horizons, moved);
    }

    /** Parses a row written by {@link #csv()} (empty cells are NaN); null when the row is torn. */
    static GenerationRecord parseCsv(String line, int tasks, int strategyColumns) {
        String[] c = line.split(",", -1);
        boolean old = strategyColumns == 0 && c.length == 13 + tasks;
        if (!old && c.length != 14 + tasks + strategyColumns) {
            return null;
        }
        try {
            double[] per = new double[tasks];
            for (int i = 0; i < per.length; i++) {
                per[i] = d(c[11 + i]);
            }
            double[] strategy = new double[strategyColumns];
            for (int i = 0; i < strategy.length; i++) {
                strategy[i] = d(c[14 + tasks + i]);
            }
            return new GenerationRecord(Long.parseLong(c[0]), Long.parseLong(c[1]), d(c[2]), d(c[3]), d(c[4]), d(c[5]),
                    Integer.parseInt(c[6]), Integer.parseInt(c[7]), d(c[8]), d(c[9]), d(c[10]), per,
                    Integer.parseInt(c[11 + tasks]), Integer.parseInt(c[12 + tasks]),
                    old || c[13 + tasks].isEmpty() ? List.of()
                            : java.util.Arrays.stream(c[13 + tasks].split(";")).map(Integer::valueOf).toList(),
                    strategy);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.valueOf(v) : "";
    }

    private static Double js(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Best, mean, median and population standard deviation of the finite values among {@code fitness}. */
    public static double[] stats(double[] fitness) {
        double[] finite = Arrays.stream(fitness).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        double mean = Arrays.stream(finite).average().orElse(Double.NaN);
        double var = Arrays.stream(finite).map(v -> (v - mean) * (v - mean)).sum() / finite.length;
        int n = finite.length;
        double median = n % 2 == 1 ? finite[n / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2;
        return new double[] {finite[n - 1], mean, median, Math.sqrt(var)};
    }
}
