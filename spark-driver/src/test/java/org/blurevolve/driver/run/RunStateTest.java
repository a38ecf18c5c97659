package org.blurevolve.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.blurevolve.driver.evolution.Generation;
import org.blurevolve.driver.evolution.ScoredGenome;
import org.blurevolve.driver.scoring.Faults;
import org.blurevolve.driver.scoring.GenomeScore;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.junit.jupiter.api.Test;

/** The best so far and the stagnation count start again when the objective changes (horizon curriculum). */
class RunStateTest {
    @Test
    void aChangedObjectiveRestartsTheBestSoFarAndTheStagnationCount() {
        RunState s = RunState.first(generation(0, 0.90), 1);
        s = s.after(generation(1, 0.80), 2, true);
        assertEquals(0.90, s.bestSoFar());
        assertEquals(1, s.sinceGain());
        s = s.after(generation(2, 0.70), 3, false);
        assertEquals(0.70, s.bestSoFar(), "the 15-step 0.90 no longer counts under the new horizons");
        assertEquals(0, s.sinceGain());
        s = s.after(generation(3, 0.75), 4, true);
        assertEquals(0.75, s.bestSoFar());
        assertEquals(0, s.sinceGain());
        assertEquals(4, s.evaluations());
    }

    private static Generation generation(long index, double fitness) {
        GenomeLayout layout = GenomeLayout.shared(2);
        FitnessResult r = new FitnessResult(EvaluationStatus.OK, fitness, -fitness, -fitness, 15);
        ScoredGenome m = new ScoredGenome(Genome.random(layout, index), new GenomeScore(List.of(r)), fitness, index);
        return new Generation(index, List.of(m), 0, Faults.NONE);
    }
}
