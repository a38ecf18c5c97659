package org.blurevolve.driver.output;

import java.util.List;

/**
 * One row of {@code metrics.csv} / {@code metrics.jsonl}. Fitness statistics are over the genomes
 * whose fitness is finite; {@code metaTest} is NaN in generations without a meta-test;
 * {@code bestPerTask} holds the best genome's fitness on each meta-train task (BLUR.md §8 asks for
 * per-task and mean), NaN where unknown.
 */
public record GenerationRecord(long generation, long evaluations, double best, double mean, double median,
                               double std, int diverged, int failed, double wallSeconds, double jobSeconds,
                               double metaTest, double[] bestPerTask) {

    static final String CSV_HEADER = "generation,evaluations,best,mean,median,std,diverged,failed,wall_seconds,"
            + "job_seconds,meta_test";

    /** The header with one {@code best_on:<task>} column per meta-train task. */
    static String csvHeader(List<String> tasks) {
        StringBuilder sb = new StringBuilder(CSV_HEADER);
        for (String t : tasks) {
            sb.append(",best_on:").append(t.replace(",", ";"));
        }
        return sb.toString();
    }

    String csv() {
        StringBuilder sb = new StringBuilder(generation + "," + evaluations + "," + num(best) + "," + num(mean) + ","
                + num(median) + "," + num(std) + "," + diverged + "," + failed + "," + num(wallSeconds) + ","
                + num(jobSeconds) + "," + num(metaTest));
        for (double v : bestPerTask) {
            sb.append(',').append(num(v));
        }
        return sb.toString();
    }

    String json(List<String> tasks) {
        StringBuilder per = new StringBuilder();
        for (int i = 0; i < bestPerTask.length; i++) {
            per.append(i > 0 ? ", " : "").append(org.blurevolve.genome.Json.string(tasks.get(i))).append(": ")
                    .append(js(bestPerTask[i]));
        }
        return "{\"generation\": " + generation + ", \"evaluations\": " + evaluations + ", \"best\": " + js(best)
                + ", \"mean\": " + js(mean) + ", \"median\": " + js(median) + ", \"std\": " + js(std)
                + ", \"diverged\": " + diverged + ", \"failed\": " + failed + ", \"wall_seconds\": " + js(wallSeconds)
                + ", \"job_seconds\": " + js(jobSeconds) + ", \"meta_test\": " + js(metaTest)
                + ", \"best_per_task\": {" + per + "}}";
    }

    /** Parses a row written by {@link #csv()} (empty cells are NaN). */
    static GenerationRecord parseCsv(String line) {
        String[] c = line.split(",", -1);
        double[] per = new double[Math.max(0, c.length - 11)];
        for (int i = 0; i < per.length; i++) {
            per[i] = d(c[11 + i]);
        }
        return new GenerationRecord(Long.parseLong(c[0]), Long.parseLong(c[1]), d(c[2]), d(c[3]), d(c[4]), d(c[5]),
                Integer.parseInt(c[6]), Integer.parseInt(c[7]), d(c[8]), d(c[9]), d(c[10]), per);
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.valueOf(v) : "";
    }

    private static String js(double v) {
        return Double.isFinite(v) ? String.valueOf(v) : "null";
    }

    /** Statistics of the finite values among {@code fitness}. */
    public static double[] stats(double[] fitness) {
        double[] finite = java.util.Arrays.stream(fitness).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        double mean = java.util.Arrays.stream(finite).average().orElse(Double.NaN);
        double var = java.util.Arrays.stream(finite).map(v -> (v - mean) * (v - mean)).sum() / finite.length;
        int n = finite.length;
        double median = n % 2 == 1 ? finite[n / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2;
        return new double[] {finite[n - 1], mean, median, Math.sqrt(var)};
    }
}
