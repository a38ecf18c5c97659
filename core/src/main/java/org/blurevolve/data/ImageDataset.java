package org.blurevolve.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Labelled greyscale images as unsigned bytes, {@code count × rows × cols}, with one label per image.
 * Immutable by convention: the arrays are shared, never modified.
 *
 * @param name   where it came from, for messages
 * @param rows   image height
 * @param cols   image width
 * @param pixels count·rows·cols bytes (0..255 as unsigned)
 * @param labels count class labels
 */
public record ImageDataset(String name, int rows, int cols, byte[] pixels, byte[] labels) {

    public ImageDataset {
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new DataFormatException(name + ": " + labels.length + " labels but " + pixels.length
                    + " pixel bytes for " + rows + "×" + cols + " images");
        }
    }

    public int count() {
        return labels.length;
    }

    public int label(int image) {
        return labels[image] & 0xff;
    }

    /** Pixel (r, c) of an image as 0..255. */
    public int pixel(int image, int r, int c) {
        return pixels[(image * rows + r) * cols + c] & 0xff;
    }

    /** Reads an image IDX file and its label IDX file and checks that they agree. */
    public static ImageDataset read(Path images, Path labels) {
        IdxFile img = IdxFile.read(images);
        IdxFile lab = IdxFile.read(labels);
        int[] d = img.dims();
        if (d.length != 3) {
            throw new DataFormatException(images + ": image IDX must have 3 dimensions (count, rows, cols), has " + d.length);
        }
        if (lab.dims().length != 1) {
            throw new DataFormatException(labels + ": label IDX must have 1 dimension, has " + lab.dims().length);
        }
        if (lab.dims()[0] != d[0]) {
            throw new DataFormatException(labels + ": " + lab.dims()[0] + " labels but " + images + " has " + d[0] + " images");
        }
        return new ImageDataset(images.toString(), d[1], d[2], img.payload(), lab.payload());
    }

    /** The train and test splits of a dataset folder in the standard MNIST file names. */
    public record Splits(ImageDataset train, ImageDataset test) {
        /** Reads {@code train-images-idx3-ubyte[.gz]} etc. from a folder. */
        public static Splits read(Path dir) {
            if (!Files.isDirectory(dir)) {
                throw new DataFormatException(dir + ": dataset folder not found; run `blur data fetch` or point"
                        + " the conf at a folder holding train-/t10k- IDX files");
            }
            return new Splits(
                    ImageDataset.read(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte")),
                    ImageDataset.read(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte")));
        }

        private static Path find(Path dir, String base) {
            Path plain = dir.resolve(base);
            Path gz = dir.resolve(base + ".gz");
            if (Files.exists(gz)) {
                return gz;
            }
            if (Files.exists(plain)) {
                return plain;
            }
            throw new DataFormatException(dir + ": missing " + base + " (or " + base + ".gz)");
        }
    }
}
