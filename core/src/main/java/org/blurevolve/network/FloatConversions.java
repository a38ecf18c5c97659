package org.blurevolve.network;

/**
 * Bulk float↔double conversions on the heap: rounding double values to float in place, narrowing
 * double[] into float[] and widening float[] into double[]. Every result has exactly the bits of the
 * Java casts {@code (float) x} (round to nearest even) and {@code (double) f} (exact). The JIT of
 * JDK 17 does not vectorise loops of these casts, so when the JVM has the incubating Vector API module
 * ({@link StateSweep#VECTOR_API}) the bulk of each call runs on {@link VectorFloatConversions}; the
 * positions that do not fill a vector, and every position without the module, run the plain casts.
 * Stateless and thread-safe.
 */
public final class FloatConversions {
    private FloatConversions() {
    }

    /** x[i] ← (double) (float) x[i] for i in [from, to). */
    public static void round(double[] x, int from, int to) {
        int done = StateSweep.VECTOR_API ? VectorFloatConversions.round(x, from, to) : from;
        for (int i = done; i < to; i++) {
            x[i] = (float) x[i];
        }
    }

    /** dst[dstOff + i] ← (float) src[srcOff + i] for i in [0, len). */
    public static void narrow(double[] src, int srcOff, float[] dst, int dstOff, int len) {
        int done = StateSweep.VECTOR_API ? VectorFloatConversions.narrow(src, srcOff, dst, dstOff, len) : 0;
        for (int i = done; i < len; i++) {
            dst[dstOff + i] = (float) src[srcOff + i];
        }
    }

    /** dst[dstOff + i] ← src[srcOff + i] widened to double, for i in [0, len). */
    public static void widen(float[] src, int srcOff, double[] dst, int dstOff, int len) {
        int done = StateSweep.VECTOR_API ? VectorFloatConversions.widen(src, srcOff, dst, dstOff, len) : 0;
        for (int i = done; i < len; i++) {
            dst[dstOff + i] = src[srcOff + i];
        }
    }
}
