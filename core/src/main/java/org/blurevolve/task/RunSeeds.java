package org.blurevolve.task;

import java.io.Serializable;

/**
 * Every seed of a run, derived from the run seed by named stream ({@link SeedStream}) so that results
 * depend on the run seed alone, never on threads, partitions or retries. Immutable.
 *
 * <p>Scheme 2 (the default) keeps the streams apart. Scheme 1 is the derivation of runs made with
 * blur-evolve 0.1, kept so that those runs (and the shipped paper runs) reproduce exactly; its
 * streams can coincide: GA generation g used the seed of meta-train evaluation (5, g), CMA-ES
 * sampling of generation g that of evaluation (9, g), and synthetic task draws that of evaluation
 * (7, s). docs/model.md §8 gives both.
 *
 * @param seed   the run seed
 * @param scheme 1 or 2
 */
public record RunSeeds(long seed, int scheme) implements Serializable {
    /** The scheme new experiments use. */
    public static final int CURRENT_SCHEME = 2;

    public RunSeeds {
        if (scheme != 1 && scheme != 2) {
            throw new IllegalArgumentException("seed scheme = " + scheme + ", must be 1 (blur-evolve 0.1 runs) or 2");
        }
    }

    /** The seed of {@code stream} at {@code path} (indices ≥ 0). */
    public long of(SeedStream stream, long... path) {
        for (long p : path) {
            if (p < 0) {
                throw new IllegalArgumentException(stream + " index " + p + " is negative");
            }
        }
        if (scheme == 2) {
            long[] full = new long[path.length + 1];
            full[0] = stream.tag();
            System.arraycopy(path, 0, full, 1, path.length);
            return Seeds.derive(seed, full);
        }
        return Seeds.derive(seed, legacyPath(stream, path));
    }

    private static long[] legacyPath(SeedStream stream, long[] path) {
        return switch (stream) {
            case EVALUATION -> path;
            case META_TEST -> new long[] {path[0], 1_000_000 + path[1]};
            case INITIAL_GENOME -> prefixed(3, path);
            case SYNTHETIC_TASK -> prefixed(7, path);
            case GA_GENERATION -> prefixed(5, path);
            case CMA_SAMPLING -> prefixed(9, path);
            case EVAL_REPLICA -> prefixed(77, path);
            case EVAL_TASK -> prefixed(78, path);
            case META_GRADIENT -> prefixed(79, path);
        };
    }

    private static long[] prefixed(long first, long[] path) {
        long[] out = new long[path.length + 1];
        out[0] = first;
        System.arraycopy(path, 0, out, 1, path.length);
        return out;
    }
}
