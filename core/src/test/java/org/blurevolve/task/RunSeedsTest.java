package org.blurevolve.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed streams: scheme 2 keeps every stream apart; scheme 1 reproduces the 0.1 derivation, collisions included. */
class RunSeedsTest {
    private static final long SEED = 2021;

    @Test
    void schemeTwoGivesDistinctSeedsAcrossEveryStreamAndIndex() {
        RunSeeds seeds = new RunSeeds(SEED, 2);
        Map<Long, String> seen = new HashMap<>();
        for (long g = 0; g < 300; g++) {
            for (long t = 0; t < 12; t++) {
                put(seen, seeds.of(SeedStream.EVALUATION, g, t), "evaluation " + g + "," + t);
                put(seen, seeds.of(SeedStream.META_TEST, g, t), "meta-test " + g + "," + t);
                for (long m = 0; m < 2; m++) {
                    put(seen, seeds.of(SeedStream.META_GRADIENT, g, m, t), "meta-gradient " + g + "," + m + "," + t);
                }
            }
            put(seen, seeds.of(SeedStream.GA_GENERATION, g), "ga " + g);
            put(seen, seeds.of(SeedStream.CMA_SAMPLING, g), "cma " + g);
            put(seen, seeds.of(SeedStream.INITIAL_GENOME, g), "initial " + g);
            put(seen, seeds.of(SeedStream.EVAL_REPLICA, g), "eval replica " + g);
            for (long d = 0; d < 4; d++) {
                put(seen, seeds.of(SeedStream.SYNTHETIC_TASK, g % 2, g, d), "synthetic " + g + "," + d);
            }
        }
        put(seen, seeds.of(SeedStream.EVAL_TASK), "eval task");
        assertEquals(300 * 12 * 2 + 300 * 12 * 2 + 300 * 4 + 300 * 4 + 1, seen.size());
    }

    private static void put(Map<Long, String> seen, long seed, String what) {
        String before = seen.put(seed, what);
        if (before != null) {
            throw new AssertionError(what + " has the seed of " + before);
        }
    }

    @Test
    void schemeOneIsTheDerivationOfVersionZeroPointOne() {
        RunSeeds seeds = new RunSeeds(SEED, 1);
        assertEquals(Seeds.derive(SEED, 7, 3), seeds.of(SeedStream.EVALUATION, 7, 3));
        assertEquals(Seeds.derive(SEED, 7, 1_000_003), seeds.of(SeedStream.META_TEST, 7, 3));
        assertEquals(Seeds.derive(SEED, 3, 4), seeds.of(SeedStream.INITIAL_GENOME, 4));
        assertEquals(Seeds.derive(SEED, 7, 1, 2, 0), seeds.of(SeedStream.SYNTHETIC_TASK, 1, 2, 0));
        assertEquals(Seeds.derive(SEED, 5, 9), seeds.of(SeedStream.GA_GENERATION, 9));
        assertEquals(Seeds.derive(SEED, 9, 9), seeds.of(SeedStream.CMA_SAMPLING, 9));
        assertEquals(Seeds.derive(SEED, 77, 2), seeds.of(SeedStream.EVAL_REPLICA, 2));
        assertEquals(Seeds.derive(SEED, 78), seeds.of(SeedStream.EVAL_TASK));
    }

    @Test
    void schemeOneStreamsCollideWhichIsWhySchemeTwoExists() {
        RunSeeds old = new RunSeeds(SEED, 1);
        assertEquals(old.of(SeedStream.EVALUATION, 5, 8), old.of(SeedStream.GA_GENERATION, 8));
        RunSeeds current = new RunSeeds(SEED, 2);
        assertThrows(AssertionError.class, () -> assertEquals(current.of(SeedStream.EVALUATION, 5, 8),
                current.of(SeedStream.GA_GENERATION, 8)));
    }

    @Test
    void negativeIndicesAndUnknownSchemesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RunSeeds(SEED, 2).of(SeedStream.EVALUATION, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RunSeeds(SEED, 3));
    }
}
