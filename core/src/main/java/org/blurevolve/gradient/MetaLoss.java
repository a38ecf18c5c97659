package org.blurevolve.gradient;

import org.blurevolve.fitness.QueryScore;
import org.blurevolve.task.Batch;

/**
 * The differentiable meta-loss of docs/model.md §10, on the predictions y = a^L[:, :, 0] of the query
 * batches, averaged over every query sample: softmax cross-entropy (logistic loss for one output)
 * or the squared error against the ±1 targets averaged over outputs too. Its values are exactly
 * −{@link QueryScore#negCrossEntropy()} and −{@link QueryScore#negL2()}.
 */
public enum MetaLoss {
    CROSS_ENTROPY,
    L2;

    /** The loss of accumulated query scores. */
    public double of(QueryScore score) {
        return this == CROSS_ENTROPY ? -score.negCrossEntropy() : -score.negL2();
    }

    /** dℓ/dy for one query batch, where the loss averages over {@code samples} query samples. */
    double[] adjoint(Batch batch, double[] y, int outputs, long samples) {
        double[] bar = new double[y.length];
        double[] t = batch.targets();
        for (int b = 0; b < batch.size(); b++) {
            int base = b * outputs;
            if (this == L2) {
                for (int j = 0; j < outputs; j++) {
                    bar[base + j] = 2.0 * (y[base + j] - t[base + j]) / ((double) samples * outputs);
                }
            } else if (outputs == 1) {
                double tv = t[base];
                bar[base] = -tv / (1.0 + Math.exp(tv * y[base])) / samples;
            } else {
                double max = y[base];
                for (int j = 1; j < outputs; j++) {
                    max = Math.max(max, y[base + j]);
                }
                double sum = 0;
                for (int j = 0; j < outputs; j++) {
                    sum += Math.exp(y[base + j] - max);
                }
                int label = batch.labels()[b];
                for (int j = 0; j < outputs; j++) {
                    double p = Math.exp(y[base + j] - max) / sum;
                    bar[base + j] = (p - (j == label ? 1.0 : 0.0)) / samples;
                }
            }
        }
        return bar;
    }

    /** Parses {@code cross-entropy} or {@code l2}, case-insensitive. */
    public static MetaLoss parse(String name) {
        return valueOf(name.trim().toUpperCase().replace('-', '_'));
    }
}
