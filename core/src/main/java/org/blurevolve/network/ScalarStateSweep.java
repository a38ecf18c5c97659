package org.blurevolve.network;

/**
 * The reference {@link StateSweep}: the rows are widened into a double scratch block, σ runs over it
 * in one loop ({@link Activation#applyRange}), the bias column is put back (1 is exact in both
 * precisions) and the block is rounded back to float. Used when the Vector API is absent, and by the
 * Vector API kernel for functions it does not vectorise. Not thread-safe.
 */
final class ScalarStateSweep extends StateSweep {
    private final double[] wide;

    /** A kernel for calls on positions below {@code length}. */
    ScalarStateSweep(int length) {
        wide = new double[length];
    }

    @Override
    void activate(Activation f, float[] z, int from, int to, int ld) {
        for (int i = from; i < to; i++) {
            wide[i] = z[i];
        }
        finish(f, z, from, to, ld);
    }

    @Override
    void normalizeAndActivate(Activation f, float[] z, int from, int to, int ld, double[] mean, double[] scale,
            int column, double shift) {
        int width = ld - 1;
        for (int at = from; at < to; at += ld) {
            for (int j = 0; j < width; j++) {
                wide[at + j] = (z[at + j] - mean[column + j]) * scale[column + j] + shift;
            }
            wide[at + width] = z[at + width];
        }
        finish(f, z, from, to, ld);
    }

    private void finish(Activation f, float[] z, int from, int to, int ld) {
        f.applyRange(wide, from, to, true);
        for (int at = from + ld - 1; at < to; at += ld) {
            wide[at] = z[at];
        }
        for (int i = from; i < to; i++) {
            z[i] = (float) wide[i];
        }
    }
}
