package org.blurevolve.data;

/** Pure functions on images: area-averaging resize and scaling to [0, 1]. */
public final class ImageTransforms {
    private ImageTransforms() {
    }

    /**
     * Resizes a rows×cols image to side×side by area averaging: every output pixel is the mean of the
     * input area it covers, with fractional overlaps weighted by their area (so 28→14 averages 2×2
     * blocks and 28→10 averages 2.8×2.8 windows).
     *
     * @param image row-major values
     */
    public static double[] resizeArea(double[] image, int rows, int cols, int outRows, int outCols) {
        double[] out = new double[outRows * outCols];
        double fy = (double) rows / outRows;
        double fx = (double) cols / outCols;
        for (int oy = 0; oy < outRows; oy++) {
            double y0 = oy * fy;
            double y1 = y0 + fy;
            for (int ox = 0; ox < outCols; ox++) {
                double x0 = ox * fx;
                double x1 = x0 + fx;
                double sum = 0;
                for (int y = (int) Math.floor(y0); y < Math.min(rows, Math.ceil(y1)); y++) {
                    double wy = Math.min(y + 1, y1) - Math.max(y, y0);
                    for (int x = (int) Math.floor(x0); x < Math.min(cols, Math.ceil(x1)); x++) {
                        double wx = Math.min(x + 1, x1) - Math.max(x, x0);
                        sum += wy * wx * image[y * cols + x];
                    }
                }
                out[oy * outCols + ox] = sum / (fy * fx);
            }
        }
        return out;
    }

    /** Image {@code index} of a dataset as values in [0, 1] (byte / 255). */
    public static double[] unitScaled(ImageDataset data, int index) {
        int size = data.rows() * data.cols();
        double[] out = new double[size];
        int base = index * size;
        for (int i = 0; i < size; i++) {
            out[i] = (data.pixels()[base + i] & 0xff) / 255.0;
        }
        return out;
    }
}
