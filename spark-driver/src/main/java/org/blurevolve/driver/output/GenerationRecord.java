package org.blurevolve.driver.output;

/**
 * One row of {@code metrics.csv} / {@code metrics.jsonl}. Fitness statistics are over the genomes
 * whose fitness is finite; {@code metaTest} is NaN in generations without a meta-test.
 */
public record GenerationRecord(long generation, long evaluations, double best, double mean, double median,
                               double std, int diverged, int failed, double wallSeconds, double jobSeconds,
                               double metaTest) {

    static final String CSV_HEADER = "generation,evaluations,best,mean,median,std,diverged,failed,wall_seconds,"
            + "job_seconds,meta_test";

    String csv() {
        return generation + "," + evaluations + "," + num(best) + "," + num(mean) + "," + num(median) + "," + num(std)
                + "," + diverged + "," + failed + "," + num(wallSeconds) + "," + num(jobSeconds) + "," + num(metaTest);
    }

    String json() {
        return "{\"generation\": " + generation + ", \"evaluations\": " + evaluations + ", \"best\": " + js(best)
                + ", \"mean\": " + js(mean) + ", \"median\": " + js(median) + ", \"std\": " + js(std)
                + ", \"diverged\": " + diverged + ", \"failed\": " + failed + ", \"wall_seconds\": " + js(wallSeconds)
                + ", \"job_seconds\": " + js(jobSeconds) + ", \"meta_test\": " + js(metaTest) + "}";
    }

    /** Parses a row written by {@link #csv()} (empty cells are NaN). */
    static GenerationRecord parseCsv(String line) {
        String[] c = line.split(",", -1);
        return new GenerationRecord(Long.parseLong(c[0]), Long.parseLong(c[1]), d(c[2]), d(c[3]), d(c[4]), d(c[5]),
                Integer.parseInt(c[6]), Integer.parseInt(c[7]), d(c[8]), d(c[9]), d(c[10]));
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
