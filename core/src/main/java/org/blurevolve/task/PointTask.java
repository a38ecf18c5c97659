package org.blurevolve.task;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic task whose samples are generated from a seed (docs/model.md §9): 2-D points in [−1,1]² or
 * n-bit vectors in {−1,+1}ⁿ, labelled by a rule drawn when the task was made. Support and query
 * samples come from independent streams of the episode seed.
 */
public final class PointTask implements Task {

    /** Draws one labelled sample: writes the input into {@code x}, returns the label (0 or 1). */
    @FunctionalInterface
    public interface Sampler {
        int sample(SplittableRandom rng, double[] x);
    }

    private final String name;
    private final int inputs;
    private final int outputs;
    private final Sampler sampler;
    private final Labeler labeler;

    /**
     * @param outputs 1 (±1 target on one neuron) or 2 (one-hot ±1 over two neurons)
     * @param labeler the rule behind {@code sampler}, or null for generative tasks
     */
    private PointTask(String name, int inputs, int outputs, Sampler sampler, Labeler labeler) {
        if (outputs != 1 && outputs != 2) {
            throw new IllegalArgumentException("a binary task has 1 or 2 outputs, got " + outputs);
        }
        this.name = name;
        this.inputs = inputs;
        this.outputs = outputs;
        this.sampler = sampler;
        this.labeler = labeler;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public Episode episode(long seed, int batch, int supportBatches, int queryBatches) {
        SplittableRandom support = new SplittableRandom(Seeds.derive(seed, 0));
        SplittableRandom query = new SplittableRandom(Seeds.derive(seed, 1));
        return new Episode(batches(support, batch, supportBatches), batches(query, batch, queryBatches));
    }

    private List<Batch> batches(SplittableRandom rng, int batch, int count) {
        List<Batch> out = new ArrayList<>(count);
        double[] x = new double[inputs];
        for (int i = 0; i < count; i++) {
            double[] in = new double[batch * inputs];
            int[] labels = new int[batch];
            for (int b = 0; b < batch; b++) {
                labels[b] = sampler.sample(rng, x);
                System.arraycopy(x, 0, in, b * inputs, inputs);
            }
            out.add(new Batch(batch, in, Batch.targetsFor(labels, outputs), labels));
        }
        return out;
    }

    /**
     * The label of a point under this task's rule, for tasks labelled by a rule over uniform inputs.
     *
     * @throws UnsupportedOperationException for generative tasks (moons, blobs, circles)
     */
    public int labelOf(double[] point) {
        if (labeler == null) {
            throw new UnsupportedOperationException(name + " generates points per class; it has no labelling rule");
        }
        return labeler.label(point);
    }

    /** A task labelled by {@code rule} over points uniform in [−1,1]². */
    public static PointTask uniformPlane(String name, int outputs, Labeler rule) {
        return new PointTask(name, 2, outputs, (rng, x) -> {
            x[0] = 2 * rng.nextDouble() - 1;
            x[1] = 2 * rng.nextDouble() - 1;
            return rule.label(x);
        }, rule);
    }

    /** A task labelled by {@code rule} over uniform n-bit inputs in {−1,+1}ⁿ. */
    public static PointTask bits(String name, int n, int outputs, Labeler rule) {
        return new PointTask(name, n, outputs, (rng, x) -> {
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextBoolean() ? 1.0 : -1.0;
            }
            return rule.label(x);
        }, rule);
    }

    /** A task that draws a class first and then a point of that class. */
    public static PointTask generative(String name, int outputs, Sampler sampler) {
        return new PointTask(name, 2, outputs, sampler, null);
    }

    /** A labelling rule: 1 for the positive class, 0 otherwise. */
    @FunctionalInterface
    public interface Labeler {
        int label(double[] x);
    }
}
