package org.blurevolve.task;

/**
 * Derives independent 64-bit seeds from a parent seed and a path of integers (SplitMix64 finaliser
 * applied per step), so every (run, generation, task, replica) stream is fixed by the run seed alone
 * and never by thread count, partitioning or retries.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The seed at {@code path} below {@code parent}. */
    public static long derive(long parent, long... path) {
        long s = mix(parent ^ 0x9E3779B97F4A7C15L);
        for (long p : path) {
            s = mix(s + 0x9E3779B97F4A7C15L * (p + 1));
        }
        return s;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
