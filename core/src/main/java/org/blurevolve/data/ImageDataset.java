package org.blurevolve.data;

import java.io.IOException;
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
        return of(images.toString(), IdxFile.read(images), labels.toString(), IdxFile.read(labels));
    }

    /** An image IDX file and its label IDX file, checked to agree; the names locate them in messages. */
    static ImageDataset of(String images, IdxFile img, String labels, IdxFile lab) {
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
        return new ImageDataset(images, d[1], d[2], img.payload(), lab.payload());
    }

    /** The train and test splits of a dataset folder in the standard MNIST file names. */
    public record Splits(ImageDataset train, ImageDataset test) {
        /** Reads {@code train-images-idx3-ubyte[.gz]} etc. from a local folder. */
        public static Splits read(Path dir) {
            return read(DataFiles.LOCAL, dir.toString());
        }

        /**
         * Reads {@code train-images-idx3-ubyte[.gz]} etc. from a folder through {@code files}. When the
         * folder holds a {@code SHA256SUMS} (as {@code blur data fetch} writes), every file read must be
         * listed there with its SHA-256; a mismatch names the file.
         */
        public static Splits read(DataFiles files, String folder) {
            try {
                if (!files.isFolder(folder)) {
                    throw new DataFormatException(folder + ": dataset folder not found; run `blur data fetch` or point"
                            + " the conf at a folder holding train-/t10k- IDX files");
                }
                Checksums sums = Checksums.read(files, folder);
                return new Splits(
                        dataset(files, folder, sums, "train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
                        dataset(files, folder, sums, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"));
            } catch (IOException e) {
                throw new DataFormatException(folder + ": cannot read the dataset folder (" + e.getMessage() + ")", e);
            }
        }

        private static ImageDataset dataset(DataFiles files, String folder, Checksums sums, String images,
                                            String labels) throws IOException {
            Located img = find(files, folder, sums, images);
            Located lab = find(files, folder, sums, labels);
            return of(img.where(), IdxFile.decode(img.where(), img.bytes()), lab.where(),
                    IdxFile.decode(lab.where(), lab.bytes()));
        }

        /** A file's location (for messages) and its stored bytes, verified against the folder's checksums. */
        private record Located(String where, byte[] bytes) {
        }

        private static Located find(DataFiles files, String folder, Checksums sums, String base) throws IOException {
            for (String name : new String[] {base + ".gz", base}) {
                var bytes = files.read(folder, name);
                if (bytes.isPresent()) {
                    sums.verify(name, bytes.get());
                    return new Located(Checksums.child(folder, name), bytes.get());
                }
            }
            throw new DataFormatException(folder + ": missing " + base + " (or " + base + ".gz)");
        }
    }
}
