package org.blurevolve.fitness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.blurevolve.task.Batch;

/**
 * How an unroll's query samples are cut into forward-only batches (docs/model.md §8): the E·B
 * query samples of an episode, in their drawn order or stably sorted by class, in consecutive
 * batches of {@code batch} samples. Every mode scores the same samples, so modes compare exactly.
 *
 * @param batch       query batch size, at least 1; must divide E·B
 * @param classSorted whether samples are sorted by class first (each batch then holds mostly one class)
 */
public record QueryMode(int batch, boolean classSorted) implements java.io.Serializable {
    public QueryMode {
        if (batch < 1) {
            throw new IllegalArgumentException("query batch = " + batch + ", must be >= 1");
        }
    }

    /** A short label such as {@code qb=1} or {@code qb=128 class-sorted}. */
    public String label() {
        return "qb=" + batch + (classSorted ? " class-sorted" : "");
    }

    /** The episode's query batches re-cut for this mode (the same list when nothing changes). */
    public List<Batch> cut(List<Batch> query) {
        int drawn = query.get(0).size();
        if (!classSorted && batch == drawn) {
            return query;
        }
        int total = drawn * query.size();
        if (total % batch != 0) {
            throw new IllegalArgumentException("query batch " + batch + " does not divide the " + total
                    + " query samples (query batches × batch)");
        }
        int in = query.get(0).inputs().length / drawn;
        int out = query.get(0).targets().length / drawn;
        Integer[] order = new Integer[total];
        for (int s = 0; s < total; s++) {
            order[s] = s;
        }
        if (classSorted) {
            Arrays.sort(order, Comparator.comparingInt(s -> query.get(s / drawn).labels()[s % drawn]));
        }
        List<Batch> cut = new ArrayList<>(total / batch);
        for (int first = 0; first < total; first += batch) {
            double[] x = new double[batch * in];
            double[] t = new double[batch * out];
            int[] y = new int[batch];
            for (int b = 0; b < batch; b++) {
                int s = order[first + b];
                Batch from = query.get(s / drawn);
                int at = s % drawn;
                System.arraycopy(from.inputs(), at * in, x, b * in, in);
                System.arraycopy(from.targets(), at * out, t, b * out, out);
                y[b] = from.labels()[at];
            }
            cut.add(new Batch(batch, x, t, y));
        }
        return cut;
    }
}
