package org.blurevolve.fitness;

import org.blurevolve.task.Batch;

/**
 * Accumulates the three query scores of docs/model.md §8 over query batches: accuracy (argmax, or sign
 * for one output), softmax cross-entropy (logistic loss log(1 + e^{−t·y}) for one output) and the
 * mean squared error against the ±1 targets.
 */
public final class QueryScore {
    private final int outputs;
    private long samples;
    private long correct;
    private double crossEntropy;
    private double squaredError;

    public QueryScore(int outputs) {
        this.outputs = outputs;
    }

    /** Adds a batch's predictions (B×n_L); returns false when a prediction is NaN or Inf. */
    public boolean add(Batch batch, double[] y) {
        for (int b = 0; b < batch.size(); b++) {
            int base = b * outputs;
            for (int j = 0; j < outputs; j++) {
                double v = y[base + j];
                if (!Double.isFinite(v)) {
                    return false;
                }
                double d = v - batch.targets()[base + j];
                squaredError += d * d;
            }
            int label = batch.labels()[b];
            if (outputs == 1) {
                double t = batch.targets()[base];
                correct += Math.signum(y[base]) == Math.signum(t) ? 1 : 0;
                crossEntropy += softplus(-t * y[base]);
            } else {
                int best = 0;
                double max = y[base];
                for (int j = 1; j < outputs; j++) {
                    if (y[base + j] > max) {
                        max = y[base + j];
                        best = j;
                    }
                }
                correct += best == label ? 1 : 0;
                double sum = 0;
                for (int j = 0; j < outputs; j++) {
                    sum += Math.exp(y[base + j] - max);
                }
                crossEntropy += Math.log(sum) + max - y[base + label];
            }
            samples++;
        }
        return true;
    }

    public double accuracy() {
        return (double) correct / samples;
    }

    public double negCrossEntropy() {
        return -crossEntropy / samples;
    }

    public double negL2() {
        return -squaredError / ((double) samples * outputs);
    }

    private static double softplus(double z) {
        return z > 30 ? z : Math.log1p(Math.exp(z));
    }
}
