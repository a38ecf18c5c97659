package org.blurevolve.fitness;

import java.util.ArrayList;
import java.util.List;
import org.blurevolve.network.Precision;

/**
 * How one genome is scored on one task: T learning steps on support batches, then E forward-only
 * query batches, over R replicas (own synapse init and data each), docs/model.md §3 and §8.
 *
 * @param learningSteps T, at least 1
 * @param queryBatches  E, at least 1
 * @param batch         B, at least 1
 * @param replicas      R, at least 1
 * @param precision     float for evolution, double for checks
 * @param timeBudgetSeconds wall-clock budget per evaluation; 0 means none
 */
public record UnrollSettings(int learningSteps, int queryBatches, int batch, int replicas, Precision precision,
                             double timeBudgetSeconds) implements java.io.Serializable {

    public UnrollSettings {
        List<String> problems = new ArrayList<>();
        if (learningSteps < 1) {
            problems.add("learning steps = " + learningSteps + ", must be >= 1");
        }
        if (queryBatches < 1) {
            problems.add("query batches = " + queryBatches + ", must be >= 1");
        }
        if (batch < 1) {
            problems.add("batch = " + batch + ", must be >= 1");
        }
        if (replicas < 1) {
            problems.add("replicas = " + replicas + ", must be >= 1");
        }
        if (!(timeBudgetSeconds >= 0)) {
            problems.add("time budget = " + timeBudgetSeconds + " s, must be >= 0 (0 = none)");
        }
        if (precision == null) {
            problems.add("precision must be set");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Copy with T = {@code steps}. */
    public UnrollSettings withLearningSteps(int steps) {
        return new UnrollSettings(steps, queryBatches, batch, replicas, precision, timeBudgetSeconds);
    }
}
