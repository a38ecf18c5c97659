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
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.evolution.EvolutionRun;
import org.blurevolve.driver.evolution.ExperimentContext;
import org.blurevolve.driver.evolution.GenomeScore;
import org.blurevolve.driver.evolution.InProcessScorer;
import org.blurevolve.driver.spark.EvaluationReply;
import org.blurevolve.driver.spark.EvaluationRequest;
import org.blurevolve.driver.spark.SparkScorer;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.genome.Genome;
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

    @Test
    void evolutionInLocalSparkBeatsItsFirstGeneration() throws Exception {
        ExperimentConfig config = experiment("e2e", "termination.generations = 12");
        ExperimentContext context = ExperimentContext.of(config);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        EvolutionRun.Summary s;
        try (SparkScorer scorer = new SparkScorer(jsc, context, false)) {
            s = new EvolutionRun(config, quiet).run(scorer);
        }
        List<String> rows = Files.readAllLines(s.runDir().resolve("metrics.csv"));
        assertEquals(14, rows.size(), "header + generations 0..12");
        double first = Double.parseDouble(rows.get(1).split(",")[2]);
        double last = Double.parseDouble(rows.get(13).split(",")[2]);
        assertTrue(last >= first + 0.03, "best fitness rose from " + first + " to " + last + "; the test asks for +0.03");
        GenomeFile.Entry best = GenomeFile.read(s.runDir().resolve("best-genome.json")).get(0);
        assertEquals(last, ((Number) best.provenance().get("fitness")).doubleValue(), 0.0);
        assertTrue(Files.size(s.runDir().resolve("plots/fitness.png")) > 1000);
        assertEquals(13, Files.readAllLines(s.runDir().resolve("metrics.jsonl")).size());
        String header = rows.get(0);
        assertTrue(header.endsWith(",best_on:" + context.trainTasks().get(0).name() + ",best_on:"
                + context.trainTasks().get(1).name()), header);
        String[] last13 = rows.get(13).split(",", -1);
        double perTaskMean = (Double.parseDouble(last13[11]) + Double.parseDouble(last13[12])) / 2;
        assertEquals(last, perTaskMean, 1e-12, "the best genome's fitness is the mean of its per-task fitness");
        assertTrue(Files.readAllLines(s.runDir().resolve("metrics.jsonl")).get(12).contains("\"best_per_task\": {\""));
    }

    @Test
    void sparkAndInProcessScorersGiveIdenticalFitness() throws Exception {
        ExperimentConfig config = experiment("same", "termination.generations = 1");
        ExperimentContext context = ExperimentContext.of(config);
        List<double[]> genomes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            genomes.add(Genome.random(context.layout(), i).genes());
        }
        List<GenomeScore> spark;
        List<GenomeScore> local;
        try (SparkScorer s = new SparkScorer(jsc, context, false); InProcessScorer l = new InProcessScorer(context, 3)) {
            spark = s.score(genomes, 4);
            local = l.score(genomes, 4);
        }
        assertEquals(local, spark);
        assertEquals(EvaluationStatus.OK, spark.get(0).status());
    }

    @Test
    void wholeRunsAreIdenticalWithSparkAndInProcess() throws Exception {
        ExperimentConfig a = experiment("runA", "termination.generations = 3");
        ExperimentConfig b = experiment("runB", "termination.generations = 3");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        EvolutionRun.Summary sa;
        EvolutionRun.Summary sb;
        try (SparkScorer s = new SparkScorer(jsc, ExperimentContext.of(a), false)) {
            sa = new EvolutionRun(a, quiet).run(s);
        }
        try (InProcessScorer l = new InProcessScorer(ExperimentContext.of(b), 2)) {
            sb = new EvolutionRun(b, quiet).run(l);
        }
        assertArrayEquals(sa.best().genes(), sb.best().genes());
        assertEquals(RunFolders.comparableMetrics(sa.runDir()), RunFolders.comparableMetrics(sb.runDir()));
    }


    @Test
    void payloadsRoundTripThroughSparksKryoWithRegistrationRequired() {
        SerializerInstance kryo = new KryoSerializer(SparkScorer.configure(new SparkConf())).newInstance();
        EvaluationRequest req = new EvaluationRequest(3, 1, 9, new double[] {1.5, -2, 3e-7});
        EvaluationRequest req2 = roundTrip(kryo, req, EvaluationRequest.class);
        assertEquals(3, req2.genome());
        assertEquals(1, req2.task());
        assertEquals(9, req2.generation());
        assertArrayEquals(req.genes(), req2.genes());
        FitnessResult r = new FitnessResult(EvaluationStatus.OK, 0.75, -0.5, -0.25);
        EvaluationReply rep = roundTrip(kryo, new EvaluationReply(3, 1, r), EvaluationReply.class);
        assertEquals(r, rep.result());
        EvaluationReply[] arr = roundTrip(kryo, new EvaluationReply[] {rep}, EvaluationReply[].class);
        assertEquals(r, arr[0].result());
        FitnessResult diverged = FitnessResult.failed(EvaluationStatus.DIVERGED);
        assertEquals(diverged.status(), roundTrip(kryo, new EvaluationReply(0, 0, diverged), EvaluationReply.class)
                .result().status());
    }

    private static <T> T roundTrip(SerializerInstance kryo, T value, Class<T> type) {
        var tag = ClassTag$.MODULE$.<T>apply(type);
        return kryo.deserialize(kryo.serialize(value, tag), tag);
    }
}
