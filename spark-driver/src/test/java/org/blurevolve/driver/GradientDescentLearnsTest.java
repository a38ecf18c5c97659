package org.blurevolve.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.run.Checkpoint;
import org.blurevolve.driver.run.EvolutionRun;
import org.blurevolve.driver.run.InitialPopulation;
import org.blurevolve.driver.scoring.InProcessScorer;
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta-gradient descent from a random genome lowers the meta-loss: the genes after 40 meta-steps
 * have a lower mean query cross-entropy than the starting genes on 20 held-out generations' seeds
 * (common random numbers for both), in-process.
 */
class GradientDescentLearnsTest {
    @TempDir
    Path dir;

    @Test
    void fortyMetaStepsLowerTheHeldOutLoss() throws Exception {
        Path conf = dir.resolve("gd.conf");
        Files.writeString(conf, "blur { name = gd, seed = 4, output-dir = \"" + dir.resolve("runs") + "\"\n"
                + "network { hidden = [8], forward-activation = tanh, backward-activation = tanh }\n"
                + "inner-loop { learning-steps = 6, query-batches = 2, batch = 32, replicas = 2 }\n"
                + "fitness.metric = neg_cross_entropy\n"
                + "tasks.meta-train = [{family = circle, draws = 2}]\n"
                + "evolution { strategy = gradient, meta-test-every = 0,"
                + " gradient { learning-rate = 0.005, curriculum { start = 6, every = 0, max = 6 } } }\n"
                + "termination.generations = 40\ncheckpoint.keep = 41\n}\n");
        ExperimentConfig config = ExperimentLoader.load(conf, List.of());
        EvolutionRun.Summary s;
        try (InProcessScorer scorer = new InProcessScorer(config.plan(), 2)) {
            s = new EvolutionRun(config, new PrintStream(new ByteArrayOutputStream())).start(scorer,
                    InitialPopulation.read(config));
            Genome first = Checkpoint.read(s.runDir().resolve("checkpoints/checkpoint-000000.json")).last().best().genome();
            Genome last = Checkpoint.read(s.runDir().resolve("checkpoints/checkpoint-000040.json")).last().best().genome();
            double before = 0;
            double after = 0;
            for (int g = 5000; g < 5020; g++) {
                var both = scorer.score(List.of(first, last), TaskSet.META_TRAIN, g);
                before += both.get(0).fitness(FitnessMetric.NEG_CROSS_ENTROPY) / 20;
                after += both.get(1).fitness(FitnessMetric.NEG_CROSS_ENTROPY) / 20;
            }
            assertTrue(after > before + 0.05, "held-out −CE went from " + before + " to " + after
                    + "; the test asks for +0.05");
        }
    }
}
