package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.run.Checkpoint;
import org.blurevolve.driver.run.EvolutionRun;
import org.blurevolve.driver.run.InitialPopulation;
import org.blurevolve.driver.scoring.GenomeScore;
import org.blurevolve.driver.scoring.InProcessScorer;
import org.blurevolve.driver.spark.EvaluationReply;
import org.blurevolve.driver.spark.EvaluationRequest;
import org.blurevolve.driver.spark.GradientReply;
import org.blurevolve.driver.spark.GradientRequest;
import org.blurevolve.gradient.GradientResult;
import org.blurevolve.gradient.MetaGradientSettings;
import org.blurevolve.gradient.MetaLoss;
import org.blurevolve.driver.spark.SparkScorer;
import org.blurevolve.fitness.EvaluationPlan;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.PlanEvaluator;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.genome.OptionalScalar;
import org.blurevolve.task.ImageTask;
import org.blurevolve.task.Task;
import org.blurevolve.task.TaskSpec;
import org.blurevolve.genome.GenomeFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.reflect.ClassTag$;

/** Real Spark in local[2] mode, nothing mocked: evolution, scorer equality and the Kryo payloads. */
@Tag("spark")
class SparkEvolutionTest {
    private static JavaSparkContext jsc;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        jsc = new JavaSparkContext(SparkScorer.configure(new SparkConf().setMaster("local[2]").setAppName("test")));
        jsc.setLogLevel("WARN");
    }

    @AfterAll
    static void stopSpark() {
        jsc.stop();
    }

    private ExperimentConfig experiment(String name, String extra) throws Exception {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, "blur { name = " + name + ", seed = 3, output-dir = \"" + dir.resolve("runs") + "\"\n"
                + "network.hidden = [12]\n"
                + "inner-loop { learning-steps = 8, query-batches = 3, batch = 64 }\n"
                + "tasks.meta-train = [{family = random_xor, draws = 2}]\n"
                + "tasks.meta-test = [{family = random_xor, draws = 1}]\n"
                + "evolution { population = 16, mutation { rate = 0.3, sigma = 0.3 }, meta-test-every = 2 }\n"
                + extra + "\n}\n");
        return ExperimentLoader.load(conf, List.of());
    }

    /**
     * Members are re-scored every generation on that generation's seeds, so the "best" column of two
     * generations compares different task draws. Besides that column, the first and last generations'
     * best genomes are compared on common random numbers: the same held-out generations' seeds,
     * averaged. (Seed 1: with seed 3 under seed scheme 2, generation 0 draws a random genome that 12
     * generations do not beat on held-out seeds.)
     */
    @Test
    void evolutionInLocalSparkBeatsItsFirstGeneration() throws Exception {
        ExperimentConfig config = experiment("e2e", "seed = 1\ntermination.generations = 12\ncheckpoint.keep = 13");
        List<Task> trainTasks = PlanEvaluator.of(config.plan(), org.blurevolve.data.DataFiles.LOCAL).tasks(TaskSet.META_TRAIN);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        EvolutionRun.Summary s;
        List<String> rows;
        try (SparkScorer scorer = spark(config)) {
            s = new EvolutionRun(config, quiet).start(scorer, InitialPopulation.read(config));
            rows = Files.readAllLines(s.runDir().resolve("metrics.csv"));
            assertEquals(14, rows.size(), "header + generations 0..12");
            Checkpoint gen0 = Checkpoint.read(s.runDir().resolve("checkpoints/checkpoint-000000.json"));
            Genome firstBest = gen0.last().best().genome();
            double firstColumn = Double.parseDouble(rows.get(1).split(",")[2]);
            double lastColumn = Double.parseDouble(rows.get(13).split(",")[2]);
            assertTrue(lastColumn >= firstColumn + 0.03, "best fitness rose from " + firstColumn + " to " + lastColumn
                    + "; the test asks for +0.03");
            assertEquals(firstColumn, gen0.last().best().fitness(), 0.0,
                    "the checkpoint's generation 0 is the one in metrics.csv");
            assertEquals(Double.parseDouble(rows.get(13).split(",")[2]), scorer.score(List.of(s.best()),
                    TaskSet.META_TRAIN, 12).get(0).fitness(config.metric()), 0.0, "the summary's best is generation 12's");
            double[] sum = new double[2];
            int heldOut = 10;
            for (int g = 1000; g < 1000 + heldOut; g++) {
                List<GenomeScore> both = scorer.score(List.of(firstBest, s.best()), TaskSet.META_TRAIN, g);
                sum[0] += both.get(0).fitness(config.metric());
                sum[1] += both.get(1).fitness(config.metric());
            }
            double first = sum[0] / heldOut;
            double last = sum[1] / heldOut;
            assertTrue(last >= first + 0.03, "best fitness (on " + heldOut + " held-out generations' seeds) rose from "
                    + first + " to " + last + "; the test asks for +0.03");
            GenomeFile.Entry best = GenomeFile.read(s.runDir().resolve("best-genome.json")).get(0);
            long bestGeneration = ((Number) best.provenance().get("generation")).longValue();
            double bestFitness = ((Number) best.provenance().get("fitness")).doubleValue();
            assertEquals(bestFitness, scorer.score(List.of(best.genome()), TaskSet.META_TRAIN, bestGeneration).get(0)
                    .fitness(config.metric()), 0.0, "best-genome.json holds the genome's score in its generation");
            assertTrue(bestFitness <= Double.parseDouble(rows.get((int) bestGeneration + 1).split(",")[2]));
            assertTrue(bestFitness >= Double.parseDouble(rows.get(1).split(",")[2]),
                    "the hall of fame's best is at least generation 0's best");
            for (GenomeFile.Entry e : GenomeFile.read(s.runDir().resolve("hall-of-fame.json"))) {
                assertTrue(((Number) e.provenance().get("fitness")).doubleValue() <= bestFitness);
                assertEquals(List.of(8), e.provenance().get("horizons"), "the horizons the fitness was scored at");
            }
        }
        assertTrue(Files.size(s.runDir().resolve("plots/fitness.png")) > 1000);
        assertEquals(13, Files.readAllLines(s.runDir().resolve("metrics.jsonl")).size());
        String header = rows.get(0);
        assertTrue(header.endsWith(",best_on:" + trainTasks.get(0).name() + ",best_on:"
                + trainTasks.get(1).name() + ",lost_executors,failed_tasks,horizons"), header);
        assertTrue(rows.get(13).endsWith(",0,0,8"), "no faults in a healthy local run, horizon 8: " + rows.get(13));
        String[] last13 = rows.get(13).split(",", -1);
        double perTaskMean = (Double.parseDouble(last13[11]) + Double.parseDouble(last13[12])) / 2;
        assertEquals(Double.parseDouble(last13[2]), perTaskMean, 1e-12,
                "the best genome's fitness is the mean of its per-task fitness");
        assertTrue(Files.readAllLines(s.runDir().resolve("metrics.jsonl")).get(12).contains("\"best_per_task\":{\""));
    }

    @Test
    void sparkAndInProcessScorersGiveIdenticalFitness() throws Exception {
        ExperimentConfig config = experiment("same", "termination.generations = 1");
        List<Genome> genomes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            genomes.add(Genome.random(config.layout(), i));
        }
        List<GenomeScore> spark;
        List<GenomeScore> local;
        List<GenomeScore> sparkTest;
        List<GenomeScore> localTest;
        try (SparkScorer s = spark(config); InProcessScorer l = new InProcessScorer(config.plan(), 3)) {
            spark = s.score(genomes, TaskSet.META_TRAIN, 4);
            local = l.score(genomes, TaskSet.META_TRAIN, 4);
            sparkTest = s.score(genomes, TaskSet.META_TEST, 4);
            localTest = l.score(genomes, TaskSet.META_TEST, 4);
        }
        assertEquals(local, spark);
        assertEquals(EvaluationStatus.OK, spark.get(0).status());
        assertEquals(localTest, sparkTest);
        assertEquals(EvaluationStatus.OK, sparkTest.get(0).status());
    }

    @Test
    void wholeRunsAreIdenticalWithSparkAndInProcess() throws Exception {
        ExperimentConfig a = experiment("runA", "termination.generations = 3");
        ExperimentConfig b = experiment("runB", "termination.generations = 3");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        EvolutionRun.Summary sa;
        EvolutionRun.Summary sb;
        List<String> jobs = java.util.Collections.synchronizedList(new ArrayList<>());
        SparkListener names = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.add(start.properties().getProperty("spark.job.description"));
            }
        };
        jsc.sc().addSparkListener(names);
        try (SparkScorer s = spark(a)) {
            sa = new EvolutionRun(a, quiet).start(s, InitialPopulation.read(a));
        } finally {
            jsc.sc().removeSparkListener(names);
        }
        try (InProcessScorer l = new InProcessScorer(b.plan(), 2)) {
            sb = new EvolutionRun(b, quiet).start(l, InitialPopulation.read(b));
        }
        assertArrayEquals(sa.best().genes(), sb.best().genes());
        assertEquals(RunFolders.comparableMetrics(sa.runDir()), RunFolders.comparableMetrics(sb.runDir()));
        List<String> expected = List.of("generation 0: meta-train, 16 genome(s) × 2 task(s)",
                "generation 0: meta-test, 1 genome(s) × 1 task(s)", "generation 1: meta-train, 16 genome(s) × 2 task(s)",
                "generation 2: meta-train, 16 genome(s) × 2 task(s)", "generation 2: meta-test, 1 genome(s) × 1 task(s)",
                "generation 3: meta-train, 16 genome(s) × 2 task(s)");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (jobs.size() < expected.size() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, List.copyOf(jobs), "one named Spark job per meta-train scoring and per meta-test");
    }


    @Test
    void payloadsRoundTripThroughSparksKryoWithRegistrationRequired() throws Exception {
        SerializerInstance kryo = new KryoSerializer(SparkScorer.configure(new SparkConf())).newInstance();
        GenomeLayout layout = new GenomeLayout(3, 2, List.of(OptionalScalar.values()));
        double[] genes = Genome.random(layout, 5).genes();
        genes[0] = 1.5;
        genes[1] = -2;
        genes[2] = 3e-7;
        EvaluationRequest req = new EvaluationRequest(3, new Genome(layout, genes), TaskSet.META_TEST, 1, 9);
        EvaluationRequest req2 = roundTrip(kryo, req, EvaluationRequest.class);
        assertEquals(3, req2.index());
        assertEquals(TaskSet.META_TEST, req2.set());
        assertEquals(1, req2.task());
        assertEquals(9, req2.generation());
        assertEquals(layout, req2.genome().layout());
        assertArrayEquals(req.genome().genes(), req2.genome().genes());
        assertEquals(req, req2);
        EvaluationRequest[] reqs = roundTrip(kryo, new EvaluationRequest[] {req}, EvaluationRequest[].class);
        assertEquals(req, reqs[0]);
        FitnessResult r = new FitnessResult(EvaluationStatus.OK, 0.75, -0.5, -0.25, 15);
        EvaluationReply rep = roundTrip(kryo, new EvaluationReply(3, 1, r), EvaluationReply.class);
        assertEquals(r, rep.result());
        EvaluationReply[] arr = roundTrip(kryo, new EvaluationReply[] {rep}, EvaluationReply[].class);
        assertEquals(r, arr[0].result());
        FitnessResult diverged = FitnessResult.failed(EvaluationStatus.DIVERGED, 37);
        FitnessResult back = roundTrip(kryo, new EvaluationReply(0, 0, diverged), EvaluationReply.class).result();
        assertEquals(diverged.status(), back.status());
        assertEquals(37, back.steps());
        EvaluationPlan plan = experiment("wire", "tasks.meta-test = [{family = circle}, {family = random_xor, draws = 2}]")
                .plan();
        EvaluationPlan plan2 = roundTrip(kryo, plan, EvaluationPlan.class);
        assertEquals(plan, plan2);
        assertEquals(plan.hashCode(), plan2.hashCode());
        EvaluationPlan withImages = new EvaluationPlan(plan.network(), plan.layout(), plan.unroll(), plan.metric(),
                plan.curriculum(),
                plan.metaTrain(), List.of(new TaskSpec.Images("mnist", dir.resolve("mnist").toString(), 14,
                        List.of(3, 0, 7), ImageTask.QuerySplit.TEST)), plan.seeds());
        assertEquals(withImages, roundTrip(kryo, withImages, EvaluationPlan.class));
    }

    @Test
    void gradientPayloadsRoundTripThroughSparksKryo() {
        SerializerInstance kryo = new KryoSerializer(SparkScorer.configure(new SparkConf())).newInstance();
        GenomeLayout layout = new GenomeLayout(2, 2, List.of(OptionalScalar.NORM_GAIN, OptionalScalar.NORM_SHIFT));
        Genome genome = Genome.random(layout, 8);
        MetaGradientSettings settings = new MetaGradientSettings(MetaLoss.L2, List.of(2, 5, 12), 3, 4, 0.25);
        GradientRequest req = new GradientRequest(genome, 2, 1, 17, 3, settings);
        assertEquals(req, roundTrip(kryo, req, GradientRequest.class));
        assertEquals(req, roundTrip(kryo, new GradientRequest[] {req}, GradientRequest[].class)[0]);
        GradientResult ok = new GradientResult(new FitnessResult(EvaluationStatus.OK, 0.5, -0.7, -0.9, 15), 0.7, 12.5,
                new double[] {1e-300, -2.5, 3});
        GradientReply rep = roundTrip(kryo, new GradientReply(2, 1, ok), GradientReply.class);
        assertEquals(2, rep.task());
        assertEquals(1, rep.replica());
        assertEquals(ok.scores(), rep.result().scores());
        assertEquals(ok.loss(), rep.result().loss(), 0.0);
        assertEquals(ok.synapseGrowth(), rep.result().synapseGrowth(), 0.0);
        assertArrayEquals(ok.gradient(), rep.result().gradient(), 0.0);
        GradientReply failed = roundTrip(kryo, new GradientReply(0, 0, GradientResult.failed(EvaluationStatus.DIVERGED)),
                GradientReply.class);
        assertEquals(EvaluationStatus.DIVERGED, failed.result().status());
        assertEquals(0, failed.result().gradient().length);
        assertTrue(Double.isNaN(failed.result().synapseGrowth()), "a failed reply has no growth");
    }

    /**
     * Meta-gradient runs (strategy gradient, and the hybrid refining every generation) give the same
     * genes and metrics on Spark and in-process; one named job per meta-gradient step.
     */
    @Test
    void gradientAndHybridRunsAreIdenticalWithSparkAndInProcess() throws Exception {
        String gradient = "termination.generations = 3\nevolution.strategy = gradient\n"
                + "evolution.gradient { learning-rate = 0.05, curriculum { start = 4, increase = 2, every = 2, max = 8 } }";
        String hybrid = "termination.generations = 2\nevolution.strategy = \"cma-es+gradient\"\nevolution.population = 6\n"
                + "evolution.hybrid { every = 1, steps = 2 }\nevolution.gradient.curriculum.start = 4";
        for (String extra : List.of(gradient, hybrid)) {
            ExperimentConfig a = experiment("gradA", extra);
            ExperimentConfig b = experiment("gradB", extra);
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
            List<String> jobs = java.util.Collections.synchronizedList(new ArrayList<>());
            SparkListener names = new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart start) {
                    jobs.add(start.properties().getProperty("spark.job.description"));
                }
            };
            jsc.sc().addSparkListener(names);
            EvolutionRun.Summary sa;
            EvolutionRun.Summary sb;
            try (SparkScorer s = spark(a)) {
                sa = new EvolutionRun(a, quiet).start(s, InitialPopulation.read(a));
            } finally {
                jsc.sc().removeSparkListener(names);
            }
            try (InProcessScorer l = new InProcessScorer(b.plan(), 2)) {
                sb = new EvolutionRun(b, quiet).start(l, InitialPopulation.read(b));
            }
            assertArrayEquals(sa.best().genes(), sb.best().genes());
            List<String> metrics = RunFolders.comparableMetrics(sa.runDir());
            assertEquals(metrics, RunFolders.comparableMetrics(sb.runDir()));
            assertTrue(Files.readAllLines(sa.runDir().resolve("metrics.csv")).get(0)
                    .endsWith(",lost_executors,failed_tasks,horizons,meta_loss,gradient_norm,horizon,synapse_growth"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (jobs.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (extra == gradient) {
                assertEquals("generation 1: meta-gradient step 0, T = 4, 2 task(s) × 1 replica(s)", jobs.get(2));
                String[] row3 = Files.readAllLines(sa.runDir().resolve("metrics.csv")).get(4).split(",", -1);
                assertEquals("6.0", row3[row3.length - 2], "horizon of generation 3 = 4 + 2·⌊3/2⌋");
                assertTrue(Double.isFinite(Double.parseDouble(row3[row3.length - 1])), "synapse growth over 6 steps");
            } else {
                assertTrue(jobs.contains("generation 0: meta-gradient step 1, T = 4, 2 task(s) × 1 replica(s)"), jobs.toString());
            }
        }
    }

    /**
     * A hybrid run that refines every second generation writes the refinement's metrics in the
     * generations that refine (1, 3) and leaves them empty in those that do not (0, 2), in-process.
     */
    @Test
    void hybridRowsHoldMetricsOnlyInGenerationsThatRefine() throws Exception {
        ExperimentConfig c = experiment("hybridEvery2", "termination.generations = 3\nevolution.strategy = \"cma-es+gradient\"\n"
                + "evolution.population = 6\nevolution.hybrid { every = 2, steps = 1 }\nevolution.gradient.curriculum.start = 4");
        EvolutionRun.Summary s;
        try (InProcessScorer scorer = new InProcessScorer(c.plan(), 2)) {
            s = new EvolutionRun(c, new PrintStream(new ByteArrayOutputStream())).start(scorer, InitialPopulation.read(c));
        }
        List<String> lines = Files.readAllLines(s.runDir().resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(",", -1));
        assertEquals(5, lines.size(), "header and generations 0-3");
        for (int g = 0; g < 4; g++) {
            String[] row = lines.get(g + 1).split(",", -1);
            for (String column : List.of("meta_loss", "gradient_norm", "horizon", "synapse_growth")) {
                String cell = row[header.indexOf(column)];
                if (g % 2 == 1) {
                    assertTrue(Double.isFinite(Double.parseDouble(cell)), "generation " + g + " refines: " + column + " = " + cell);
                } else {
                    assertEquals("", cell, "generation " + g + " refines nothing: " + column);
                }
            }
        }
    }

    /** A Spark scorer of the experiment on the shared local[2] context (which it does not stop). */
    private static SparkScorer spark(ExperimentConfig config) {
        return new SparkScorer(jsc, config.plan(), config.spark().partitionsPerCore(), false);
    }

    private static <T> T roundTrip(SerializerInstance kryo, T value, Class<T> type) {
        var tag = ClassTag$.MODULE$.<T>apply(type);
        return kryo.deserialize(kryo.serialize(value, tag), tag);
    }
}
