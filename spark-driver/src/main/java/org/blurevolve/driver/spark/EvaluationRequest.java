package org.blurevolve.driver.spark;

import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;

/**
 * What goes to an executor for one evaluation: the genome's index in the job and the genome, the
 * task (set and index) and the generation, which fixes the seed. Immutable.
 */
public record EvaluationRequest(int index, Genome genome, TaskSet set, int task, long generation) {
}
