package org.blurevolve.task;

/**
 * One batch of samples: inputs B×n_0 and ±1 targets B×n_L (row-major), and the class labels.
 * For a single output, label 1 means target +1 and label 0 means −1. Arrays are shared, never modified.
 */
public record Batch(int size, double[] inputs, double[] targets, int[] labels) {

    public Batch {
        if (labels.length != size || inputs.length % size != 0 || targets.length % size != 0) {
            throw new IllegalArgumentException("batch arrays do not agree with size " + size);
        }
    }

    /** Builds targets: one-hot ±1 over {@code outputs} classes, or ±1 for a single output. */
    public static double[] targetsFor(int[] labels, int outputs) {
        double[] t = new double[labels.length * outputs];
        for (int b = 0; b < labels.length; b++) {
            if (outputs == 1) {
                t[b] = labels[b] == 1 ? 1.0 : -1.0;
            } else {
                for (int j = 0; j < outputs; j++) {
                    t[b * outputs + j] = j == labels[b] ? 1.0 : -1.0;
                }
            }
        }
        return t;
    }
}
