package org.blurevolve.driver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.blurevolve.BadInputException;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.run.Checkpoint;
import org.blurevolve.driver.run.CheckpointStore;
import org.blurevolve.driver.run.EvolutionRun;
import org.blurevolve.driver.run.InitialPopulation;
import org.blurevolve.driver.scoring.GenerationScorer;
import org.blurevolve.driver.data.ShippedData;
import org.blurevolve.driver.scoring.InProcessScorer;
import org.blurevolve.driver.spark.SparkScorer;
import org.blurevolve.fitness.EvaluationPlan;
import org.blurevolve.genome.Genome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code blur evolve} and {@code blur resume}, and what they share: building the scorer and running. */
final class RunCommands {
    private RunCommands() {
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

    /** Where genomes are scored: {@code --master} or {@code --in-process}. */
    static final class ScorerOptions {
        @Option(names = "--master", description = "Spark master URL (default: spark-submit's, else blur.spark.default-master)")
        String master;

        @Option(names = "--in-process", description = "score on a local thread pool instead of Spark (same results)")
        boolean inProcess;

        @Option(names = "--ship-data", description = "send the local dataset folders with the application"
                + " (executors need no shared storage; checksums verified on every executor)")
        boolean shipData;

        GenerationScorer open(ExperimentConfig config) throws IOException {
            // builds the tasks here first: missing data or mixed task shapes are reported before Spark starts
            config.evaluator();
            if (inProcess) {
                return new InProcessScorer(config.plan(), Runtime.getRuntime().availableProcessors());
            }
            JavaSparkContext jsc = sparkContext(config);
            try {
                EvaluationPlan plan = shipData ? ShippedData.ship(jsc, config.plan()) : config.plan();
                if (!jsc.isLocal()) {
                    // a cluster that refuses the application says so here, before a run folder is made
                    jsc.parallelize(List.of(0), 1).count();
                }
                return new SparkScorer(jsc, plan, config.spark().partitionsPerCore(), true);
            } catch (IOException e) {
                jsc.stop();
                throw e;
            } catch (Exception e) { // Spark throws its checked SparkException undeclared
                RuntimeException problem = SparkScorer.userProblem(jsc, e);
                jsc.stop();
                throw problem;
            }
        }

        /** The Spark context: master from the flag, then spark-submit, then the conf's default. */
        private JavaSparkContext sparkContext(ExperimentConfig config) {
            SparkConf conf = new SparkConf().setAppName("blur-evolve " + config.name());
            if (master != null) {
                conf.setMaster(master);
            } else if (!conf.contains("spark.master")) {
                conf.setMaster(config.spark().defaultMaster());
            }
            SparkScorer.configure(conf);
            conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
            try {
                JavaSparkContext jsc = new JavaSparkContext(conf);
                jsc.setLogLevel("WARN");
                return jsc;
            } catch (Exception e) { // Spark throws its checked SparkException undeclared
                throw new BadInputException("--master " + conf.get("spark.master") + ": Spark cannot start with it ("
                        + e.getMessage() + "); use local[N], spark://HOST:PORT, yarn or k8s://URL");
            }
        }
    }

    /** {@code blur evolve CONF}: run an evolution in Spark (local mode by default) or in process. */
    @Command(name = "evolve", mixinStandardHelpOptions = true, description = "Run an evolution described by an experiment file.")
    static final class Evolve implements Callable<Integer> {
        @Parameters(index = "0", description = "experiment file (HOCON), e.g. conf/quickstart.conf")
        Path conf;

        @CommandLine.Mixin
        Overrides overrides;

        @CommandLine.Mixin
        ScorerOptions scorer;

        @Override
        public Integer call() throws IOException {
            ExperimentConfig config = overrides.load(conf);
            List<Genome> initial = InitialPopulation.read(config);
            System.out.println("resolved experiment (" + conf + "):\n" + config.resolvedText());
            CheckpointStore.Latest latest = latestOrNull(config.runDir());
            Checkpoint cp = latest == null ? null : latest.checkpoint();
            if (cp != null && cp.experiment().sameAs(config, true)) {
                System.out.println(config.runDir() + " holds a checkpoint of this experiment: continuing it");
                return execute(config, scorer, config.runDir(), cp, initial);
            }
            return execute(config, scorer, null, null, initial);
        }

        private static CheckpointStore.Latest latestOrNull(Path runDir) throws IOException {
            try {
                return CheckpointStore.latest(runDir.resolve("checkpoints"));
            } catch (BadInputException unreadable) {
                return null;
            }
        }
    }

    /** {@code blur resume RUN_DIR}: continue a run from its newest good checkpoint. */
    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Continue a run from its newest good checkpoint, with the run's own config.conf.")
    static final class Resume implements Callable<Integer> {
        @Parameters(index = "0", description = "run folder, e.g. runs/quickstart")
        Path runDir;

        @CommandLine.Mixin
        ScorerOptions scorer;

        @Option(names = "--generations", description = "extend the run to this many generations (termination.generations)")
        Integer generations;

        @Override
        public Integer call() throws IOException {
            Path conf = runDir.resolve("config.conf");
            if (!Files.isRegularFile(conf)) {
                throw new BadInputException(runDir + ": no config.conf; is this a run folder?");
            }
            CheckpointStore.Latest latest = CheckpointStore.latest(runDir.resolve("checkpoints"));
            if (latest == null) {
                throw new BadInputException(runDir.resolve("checkpoints") + ": no checkpoint to resume from");
            }
            latest.skipped().forEach(s -> System.out.println("skipped a damaged checkpoint: " + s));
            Checkpoint cp = latest.checkpoint();
            ExperimentConfig config = ExperimentLoader.load(conf, List.of()).withSource(cp.experiment().source());
            if (generations != null) {
                if (generations <= cp.state().generation()) {
                    throw new BadInputException("--generations " + generations + ": the run already finished generation "
                            + cp.state().generation() + "; give a larger number");
                }
                config = config.withGenerations(generations);
            }
            return execute(config, scorer, runDir, cp, List.of());
        }
    }

    /** Runs (or, with a checkpoint, continues) an evolution and prints where the results are. */
    static int execute(ExperimentConfig config, ScorerOptions options, Path runDir, Checkpoint cp, List<Genome> initial)
            throws IOException {
        EvolutionRun run = new EvolutionRun(config, System.out);
        try (GenerationScorer scorer = options.open(config)) {
            EvolutionRun.Summary s = cp == null ? run.start(scorer, initial) : run.resume(scorer, runDir, cp);
            Path best = s.runDir().resolve("best-genome.json");
            System.out.printf("best fitness %.4f after %d generations (%d evaluations)%n"
                    + "best genome: %s%nmetrics:     %s%nplot:        %s%n", s.bestFitness(), s.generations(),
                    s.evaluations(), Files.isRegularFile(best) ? best : "none (no genome scored a finite fitness)",
                    s.runDir().resolve("metrics.csv"), s.runDir().resolve("plots/fitness.png"));
        }
        return 0;
    }
}
