package org.blurevolve.driver.spark;

import org.blurevolve.fitness.FitnessResult;

/** What comes back from an executor: the result of the genome at {@code index} on task {@code task}. Immutable. */
public record EvaluationReply(int index, int task, FitnessResult result) {
}
