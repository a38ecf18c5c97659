package org.blurevolve.driver.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.blurevolve.driver.scoring.Faults;
import org.blurevolve.driver.scoring.GenomeScore;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.HorizonCurriculum;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.junit.jupiter.api.Test;

/**
 * The hall of fame ranks only scores of one objective: under a horizon curriculum a genome's 15-step
 * score from an early generation must not outrank later genomes' worst-of-15/50/200 scores.
 */
class HallOfFameTest {
    private static final GenomeLayout LAYOUT = new GenomeLayout(2, 1, List.of());
    private static final HorizonCurriculum CURRICULUM = new HorizonCurriculum(15, 4.0, 2);
    private static final List<Integer> HORIZONS = List.of(15, 50);

    @Test
    void entriesOfAnEarlierCurriculumStageLeaveWhenTheHorizonsChange() {
        HallOfFame hall = new HallOfFame(3, List.of(), g -> CURRICULUM.horizonsAt(HORIZONS, g));
        hall.update(generation(0, 0.90, 0.80));
        hall.update(generation(1, 0.85, 0.10));
        assertEquals(List.of(0.90, 0.85, 0.80), fitness(hall), "generations 0 and 1 share the objective [15]");
        hall.update(generation(2, 0.60, 0.70));
        assertEquals(List.of(0.70, 0.60), fitness(hall), "generation 2 scores [15, 50]: the 15-step scores left");
        hall.update(generation(3, 0.65, 0.95));
        assertEquals(List.of(0.95, 0.70, 0.65), fitness(hall));
    }

    @Test
    void withoutACurriculumTheHallKeepsTheBestOfTheWholeRun() {
        HallOfFame hall = new HallOfFame(2, List.of(), g -> HorizonCurriculum.off().horizonsAt(HORIZONS, g));
        hall.update(generation(0, 0.90, 0.20));
        hall.update(generation(7, 0.30, 0.40));
        assertEquals(List.of(0.90, 0.40), fitness(hall));
    }

    private static List<Double> fitness(HallOfFame hall) {
        return hall.entries().stream().map(HallOfFame.Entry::fitness).toList();
    }

    /** A generation of two distinct genomes with the given fitness values. */
    private static Generation generation(long index, double a, double b) {
        return new Generation(index, List.of(member(index, 0, a), member(index, 1, b)), 0, Faults.NONE);
    }

    private static ScoredGenome member(long index, int i, double fitness) {
        double[] genes = new double[LAYOUT.length()];
        genes[0] = index;
        genes[1] = i;
        FitnessResult r = new FitnessResult(EvaluationStatus.OK, fitness, -fitness, -fitness, 15);
        return new ScoredGenome(new Genome(LAYOUT, genes), new GenomeScore(List.of(r)), fitness, index);
    }
}
