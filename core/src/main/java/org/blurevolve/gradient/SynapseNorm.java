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
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (int i = 0; i < rows; i++) {
                double v = x[off + i * cols + j];
                s += v * v;
            }
            double scale = rho / Math.sqrt(s + EPS);
            for (int i = 0; i < rows; i++) {
                y[yOff + i * cols + j] = x[off + i * cols + j] * scale;
            }
        }
    }

    /** x̄ += J_columnsᵀ·ȳ; returns ρ̄. */
    static double columnsReverse(double[] x, int off, int rows, int cols, double rho, double[] yBar, int yOff,
                                 double[] xBar, int xBarOff) {
        double rhoBar = 0;
        for (int j = 0; j < cols; j++) {
            double s = 0;
            double dot = 0;
            for (int i = 0; i < rows; i++) {
                double v = x[off + i * cols + j];
                s += v * v;
                dot += v * yBar[yOff + i * cols + j];
            }
            double q = Math.sqrt(s + EPS);
            rhoBar += dot / q;
            double a = rho / q;
            double b = rho * dot / (q * q * q);
            for (int i = 0; i < rows; i++) {
                xBar[xBarOff + i * cols + j] += a * yBar[yOff + i * cols + j] - b * x[off + i * cols + j];
            }
        }
        return rhoBar;
    }

    static void rows(double[] x, int off, int rows, int cols, double rho, double[] y, int yOff) {
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                double v = x[off + i * cols + j];
                s += v * v;
            }
            double scale = rho / Math.sqrt(s + EPS);
            for (int j = 0; j < cols; j++) {
                y[yOff + i * cols + j] = x[off + i * cols + j] * scale;
            }
        }
    }

    /** x̄ += J_rowsᵀ·ȳ; returns ρ̄. */
    static double rowsReverse(double[] x, int off, int rows, int cols, double rho, double[] yBar, int yOff,
                              double[] xBar, int xBarOff) {
        double rhoBar = 0;
        for (int i = 0; i < rows; i++) {
            double s = 0;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                double v = x[off + i * cols + j];
                s += v * v;
                dot += v * yBar[yOff + i * cols + j];
            }
            double q = Math.sqrt(s + EPS);
            rhoBar += dot / q;
            double a = rho / q;
            double b = rho * dot / (q * q * q);
            for (int j = 0; j < cols; j++) {
                xBar[xBarOff + i * cols + j] += a * yBar[yOff + i * cols + j] - b * x[off + i * cols + j];
            }
        }
        return rhoBar;
    }
}
