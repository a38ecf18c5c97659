package org.blurevolve.gradient;

/**
 * Synapse normalisation of docs/model.md §5 on one rows×cols block (row stride cols) and its
 * adjoint: every column (or, for the read copy of an implicit G, every row) scaled to norm ρ,
 * y = ρ·x/√(Σx² + 1e-9).
 */
final class SynapseNorm {
    private static final double EPS = 1e-9;

    private SynapseNorm() {
    }

    static void columns(double[] x, int off, int rows, int cols, double rho, double[] y, int yOff) {
        scale(x, off, cols, 1, rows, cols, rho, y, yOff);
    }

    /** x̄ += J_columnsᵀ·ȳ; returns ρ̄. */
    static double columnsReverse(double[] x, int off, int rows, int cols, double rho, double[] yBar, int yOff,
                                 double[] xBar, int xBarOff) {
        return scaleReverse(x, off, cols, 1, rows, cols, rho, yBar, yOff, xBar, xBarOff);
    }

    static void rows(double[] x, int off, int rows, int cols, double rho, double[] y, int yOff) {
        scale(x, off, rows, cols, cols, 1, rho, y, yOff);
    }

    /** x̄ += J_rowsᵀ·ȳ; returns ρ̄. */
    static double rowsReverse(double[] x, int off, int rows, int cols, double rho, double[] yBar, int yOff,
                              double[] xBar, int xBarOff) {
        return scaleReverse(x, off, rows, cols, cols, 1, rho, yBar, yOff, xBar, xBarOff);
    }

    /** Scales {@code groups} vectors to norm ρ; entry e of vector g is at g·groupStride + e·entryStride. */
    private static void scale(double[] x, int off, int groups, int groupStride, int length, int entryStride,
                              double rho, double[] y, int yOff) {
        for (int g = 0; g < groups; g++) {
            int first = g * groupStride;
            double s = 0;
            for (int e = 0; e < length; e++) {
                double v = x[off + first + e * entryStride];
                s += v * v;
            }
            double factor = rho / Math.sqrt(s + EPS);
            for (int e = 0; e < length; e++) {
                int at = first + e * entryStride;
                y[yOff + at] = x[off + at] * factor;
            }
        }
    }

    /** Adjoint of {@link #scale}: x̄ += ρ/q·ȳ − ρ·(x·ȳ)/q³·x per vector (q its norm); returns ρ̄. */
    private static double scaleReverse(double[] x, int off, int groups, int groupStride, int length, int entryStride,
                                       double rho, double[] yBar, int yOff, double[] xBar, int xBarOff) {
        double rhoBar = 0;
        for (int g = 0; g < groups; g++) {
            int first = g * groupStride;
            double s = 0;
            double dot = 0;
            for (int e = 0; e < length; e++) {
                int at = first + e * entryStride;
                double v = x[off + at];
                s += v * v;
                dot += v * yBar[yOff + at];
            }
            double q = Math.sqrt(s + EPS);
            rhoBar += dot / q;
            double a = rho / q;
            double b = rho * dot / (q * q * q);
            for (int e = 0; e < length; e++) {
                int at = first + e * entryStride;
                xBar[xBarOff + at] += a * yBar[yOff + at] - b * x[off + at];
            }
        }
        return rhoBar;
    }
}
