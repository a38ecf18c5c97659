package org.blurevolve.fitness;

import java.util.Arrays;
import java.util.List;

/**
 * Accumulates query scores per horizon and query mode over the replicas of one evaluation, with the
 * status of each (docs/model.md §8): a horizon that diverged or timed out in any replica is not OK,
 * and records the learning steps completed before its earliest failure. Mutable, for one thread.
 */
public final class HorizonScores {
    private final List<Integer> horizons;
    private final double[][][] sums;
    private final EvaluationStatus[][] status;
    private final int[][] steps;

    /** Scores for the learning-step counts {@code horizons} (ascending), each with {@code modes} query modes. */
    public HorizonScores(List<Integer> horizons, int modes) {
        this.horizons = List.copyOf(horizons);
        int h = horizons.size();
        sums = new double[h][modes][3];
        status = new EvaluationStatus[h][modes];
        steps = new int[h][modes];
        for (int i = 0; i < h; i++) {
            Arrays.fill(status[i], EvaluationStatus.OK);
            Arrays.fill(steps[i], horizons.get(i));
        }
    }

    /**
     * Adds one replica's score of horizon h with mode m; null (a non-finite prediction after all of
     * the horizon's learning steps) marks it DIVERGED.
     */
    public void add(int h, int m, QueryScore score) {
        if (score == null) {
            status[h][m] = EvaluationStatus.DIVERGED;
            return;
        }
        sums[h][m][0] += score.accuracy();
        sums[h][m][1] += score.negCrossEntropy();
        sums[h][m][2] += score.negL2();
    }

    /**
     * Marks horizon h and every later one {@code why}: the unroll stopped before h, after
     * {@code completed} learning steps that ended normally.
     */
    public void failFrom(int h, EvaluationStatus why, int completed) {
        for (int i = h; i < status.length; i++) {
            for (int m = 0; m < status[i].length; m++) {
                if (status[i][m] == EvaluationStatus.OK) {
                    status[i][m] = why;
                }
                steps[i][m] = Math.min(steps[i][m], completed);
            }
        }
    }

    /**
     * Marks every horizon {@code why} although the replica ran to the end: its synapses are projected
     * to pass the limit after {@code projected} learning steps (at least the unroll's). Horizons that
     * already failed keep their fewer steps; the others take the fewest recorded anywhere, so the
     * evaluation's steps stay the fewest over the replicas that ran.
     */
    public void failAll(EvaluationStatus why, int projected) {
        int fewest = projected;
        for (int i = 0; i < status.length; i++) {
            for (int m = 0; m < status[i].length; m++) {
                if (status[i][m] != EvaluationStatus.OK) {
                    fewest = Math.min(fewest, this.steps[i][m]);
                }
            }
        }
        for (int i = 0; i < status.length; i++) {
            for (int m = 0; m < status[i].length; m++) {
                if (status[i][m] == EvaluationStatus.OK) {
                    status[i][m] = why;
                    this.steps[i][m] = fewest;
                }
            }
        }
    }

    /** Whether no horizon and mode can end OK any more. */
    public boolean allFailed() {
        return Arrays.stream(status).flatMap(Arrays::stream).noneMatch(s -> s == EvaluationStatus.OK);
    }

    /**
     * The results, scores averaged over {@code replicas}: result[h][m]. Steps are the horizon's when
     * OK, else the fewest completed before a failure, over the replicas that ran (none runs once
     * every horizon has failed).
     */
    public FitnessResult[][] results(int replicas) {
        FitnessResult[][] out = new FitnessResult[sums.length][];
        for (int h = 0; h < sums.length; h++) {
            out[h] = new FitnessResult[sums[h].length];
            for (int m = 0; m < sums[h].length; m++) {
                double[] s = sums[h][m];
                out[h][m] = status[h][m] == EvaluationStatus.OK
                        ? new FitnessResult(EvaluationStatus.OK, s[0] / replicas, s[1] / replicas, s[2] / replicas,
                        horizons.get(h))
                        : FitnessResult.failed(status[h][m], steps[h][m]);
            }
        }
        return out;
    }
}
