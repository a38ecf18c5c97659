package org.blurevolve.fitness;

import java.util.Arrays;

/**
 * Accumulates query scores per horizon and query mode over the replicas of one evaluation, with the
 * status of each (docs/model.md §8): a horizon that diverged or timed out in any replica is not OK.
 * Mutable, for one thread.
 */
public final class HorizonScores {
    private final double[][][] sums;
    private final EvaluationStatus[][] status;

    public HorizonScores(int horizons, int modes) {
        sums = new double[horizons][modes][3];
        status = new EvaluationStatus[horizons][modes];
        for (EvaluationStatus[] row : status) {
            Arrays.fill(row, EvaluationStatus.OK);
        }
    }

    /** Adds one replica's score of horizon h with mode m; null (a non-finite prediction) marks it DIVERGED. */
    public void add(int h, int m, QueryScore score) {
        if (score == null) {
            status[h][m] = EvaluationStatus.DIVERGED;
            return;
        }
        sums[h][m][0] += score.accuracy();
        sums[h][m][1] += score.negCrossEntropy();
        sums[h][m][2] += score.negL2();
    }

    /** Marks horizon h and every later one {@code why} (the unroll stopped before h). */
    public void failFrom(int h, EvaluationStatus why) {
        for (int i = h; i < status.length; i++) {
            for (int m = 0; m < status[i].length; m++) {
                if (status[i][m] == EvaluationStatus.OK) {
                    status[i][m] = why;
                }
            }
        }
    }

    /** Whether no horizon and mode can end OK any more. */
    public boolean allFailed() {
        return Arrays.stream(status).flatMap(Arrays::stream).noneMatch(s -> s == EvaluationStatus.OK);
    }

    /** The results, scores averaged over {@code replicas}: result[h][m]. */
    public FitnessResult[][] results(int replicas) {
        FitnessResult[][] out = new FitnessResult[sums.length][];
        for (int h = 0; h < sums.length; h++) {
            out[h] = new FitnessResult[sums[h].length];
            for (int m = 0; m < sums[h].length; m++) {
                double[] s = sums[h][m];
                out[h][m] = status[h][m] == EvaluationStatus.OK
                        ? new FitnessResult(EvaluationStatus.OK, s[0] / replicas, s[1] / replicas, s[2] / replicas)
                        : FitnessResult.failed(status[h][m]);
            }
        }
        return out;
    }
}
