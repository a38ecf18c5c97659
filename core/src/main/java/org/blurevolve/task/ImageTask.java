package org.blurevolve.task;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.blurevolve.data.ImageDataset;
import org.blurevolve.data.ImageTransforms;

/**
 * Image classification over a class subset of an IDX dataset, resized to side×side by area
 * averaging and scaled to [0, 1]; class {@code classes[i]} is output i. Support samples come from the
 * dataset's train split minus its last sixth; query samples come from that last sixth (VALIDATION,
 * used while evolving) or from the test split (TEST, used by evaluation), so they never overlap.
 * The resized pixels are computed once and held as floats; the task is then immutable.
 */
public final class ImageTask implements Task {

    /** Where query samples come from. */
    public enum QuerySplit { VALIDATION, TEST }

    private final String name;
    private final int side;
    private final int outputs;
    private final float[] supportPixels;
    private final int[] supportLabels;
    private final float[] queryPixels;
    private final int[] queryLabels;

    public ImageTask(String datasetName, ImageDataset.Splits data, int side, List<Integer> classes, QuerySplit query) {
        if (side < 1 || side > data.train().rows()) {
            throw new IllegalArgumentException("side = " + side + ", must be in 1.." + data.train().rows());
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException("an image task needs at least 2 classes, got " + classes);
        }
        this.side = side;
        this.outputs = classes.size();
        this.name = datasetName + side + classes.toString().replace(" ", "");
        ImageDataset train = data.train();
        int validationStart = train.count() - train.count() / 6;
        List<Integer> supportIdx = select(train, classes, 0, validationStart);
        List<Integer> queryIdx = query == QuerySplit.VALIDATION
                ? select(train, classes, validationStart, train.count())
                : select(data.test(), classes, 0, data.test().count());
        ImageDataset querySet = query == QuerySplit.VALIDATION ? train : data.test();
        supportLabels = labels(train, supportIdx, classes);
        supportPixels = pixels(train, supportIdx);
        queryLabels = labels(querySet, queryIdx, classes);
        queryPixels = pixels(querySet, queryIdx);
        if (supportLabels.length == 0 || queryLabels.length == 0) {
            throw new IllegalArgumentException(name + ": no images of classes " + classes + " in the "
                    + (supportLabels.length == 0 ? "support" : "query") + " split");
        }
    }

    private static List<Integer> select(ImageDataset d, List<Integer> classes, int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (classes.contains(d.label(i))) {
                out.add(i);
            }
        }
        return out;
    }

    private static int[] labels(ImageDataset d, List<Integer> idx, List<Integer> classes) {
        return idx.stream().mapToInt(i -> classes.indexOf(d.label(i))).toArray();
    }

    private float[] pixels(ImageDataset d, List<Integer> idx) {
        int size = side * side;
        float[] out = new float[idx.size() * size];
        for (int s = 0; s < idx.size(); s++) {
            double[] img = ImageTransforms.unitScaled(d, idx.get(s));
            double[] resized = side == d.rows() && side == d.cols() ? img
                    : ImageTransforms.resizeArea(img, d.rows(), d.cols(), side, side);
            for (int i = 0; i < size; i++) {
                out[s * size + i] = (float) resized[i];
            }
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inputs() {
        return side * side;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    /** Number of images support batches draw from and query batches draw from. */
    public int[] poolSizes() {
        return new int[] {supportLabels.length, queryLabels.length};
    }

    @Override
    public Episode episode(long seed, int batch, int supportBatches, int queryBatches) {
        return new Episode(
                batches(supportPixels, supportLabels, Seeds.derive(seed, 0), batch, supportBatches),
                batches(queryPixels, queryLabels, Seeds.derive(seed, 1), batch, queryBatches));
    }

    /** Batches of a shuffled pool without repeats until the pool is used up, then a fresh shuffle. */
    private List<Batch> batches(float[] pixels, int[] labels, long seed, int batch, int count) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = shuffled(labels.length, rng);
        int cursor = 0;
        int size = inputs();
        List<Batch> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            double[] x = new double[batch * size];
            int[] y = new int[batch];
            for (int b = 0; b < batch; b++) {
                if (cursor == order.length) {
                    order = shuffled(labels.length, rng);
                    cursor = 0;
                }
                int s = order[cursor++];
                for (int i = 0; i < size; i++) {
                    x[b * size + i] = pixels[s * size + i];
                }
                y[b] = labels[s];
            }
            out.add(new Batch(batch, x, Batch.targetsFor(y, outputs), y));
        }
        return out;
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
