package org.blurevolve.driver.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.config.ExperimentLoader;
import org.blurevolve.driver.scoring.InProcessScorer;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.PlanEvaluator;
import org.blurevolve.fitness.TaskSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GA scores every member of generation g, survivors and elites included, on generation g's
 * seeds: each member's results equal a fresh evaluation with those seeds, whenever it was born.
 */
class GeneticAlgorithmTest {
    @TempDir
    Path dir;

    @Test
    void everyMemberOfAGenerationIsScoredOnThatGenerationsSeeds() throws Exception {
        Path conf = dir.resolve("ga.conf");
        Files.writeString(conf, "blur { name = ga, seed = 4, network.hidden = [8]\n"
                + "inner-loop { learning-steps = 4, query-batches = 2, batch = 32 }\n"
                + "tasks.meta-train = [{family = random_xor, draws = 2}]\n"
                + "evolution { population = 10, elites = 3, offspring-fraction = 0.5 }\n}\n");
        ExperimentConfig config = ExperimentLoader.load(conf, List.of());
        PlanEvaluator evaluator = PlanEvaluator.of(config.plan(), org.blurevolve.data.DataFiles.LOCAL);
        try (InProcessScorer scorer = new InProcessScorer(config.plan(), 2)) {
            Scoring scoring = new Scoring(scorer, config.metric());
            OuterStrategy ga = OuterStrategy.of(config, List.of());
            List<Generation> generations = new ArrayList<>();
            for (long g = 0; g <= 3; g++) {
                generations.add(ga.advance(g, scoring));
            }
            int survivorsSeen = 0;
            for (Generation gen : generations) {
                assertEquals(10, gen.members().size(), "one score per member: population evaluations per generation");
                for (ScoredGenome m : gen.members()) {
                    survivorsSeen += m.born() < gen.index() ? 1 : 0;
                    for (int t = 0; t < 2; t++) {
                        FitnessResult fresh = evaluator.evaluate(m.genome(), TaskSet.META_TRAIN, t, gen.index());
                        assertEquals(fresh, m.score().perTask().get(t),
                                "member born in " + m.born() + " scored in generation " + gen.index());
                    }
                }
            }
            assertTrue(survivorsSeen >= 3 * 3, "elites carried over were re-scored, not skipped: " + survivorsSeen);
        }
    }
}
