package org.blurevolve.driver.scoring;

import java.util.ArrayList;
import java.util.List;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.gradient.GradientResult;
import org.blurevolve.gradient.MetaGradient;

/**
 * One meta-gradient of a genome over the meta-batch (every meta-train task × every replica):
 * the mean over tasks of the per-task means over replicas, reduced in that fixed order so every
 * scorer gives the same bits, and the per-task scores of the same unrolls. Immutable.
 *
 * @param mean    loss, scores and gradient averaged over the meta-batch (the first failure if any)
 * @param perTask per meta-train task, the scores averaged over replicas
 */
public record GradientScore(GradientResult mean, List<FitnessResult> perTask) {
    public GradientScore {
        perTask = List.copyOf(perTask);
    }

    /** Reduces slices indexed [task][replica]. */
    public static GradientScore reduce(GradientResult[][] slices) {
        List<GradientResult> tasks = new ArrayList<>();
        List<FitnessResult> scores = new ArrayList<>();
        for (GradientResult[] replicas : slices) {
            GradientResult task = MetaGradient.mean(List.of(replicas));
            tasks.add(task);
            scores.add(task.scores());
        }
        return new GradientScore(MetaGradient.mean(tasks), scores);
    }

    /** The scores as a {@link GenomeScore}, for metrics and the hall of fame. */
    public GenomeScore genomeScore() {
        return new GenomeScore(perTask);
    }
}
