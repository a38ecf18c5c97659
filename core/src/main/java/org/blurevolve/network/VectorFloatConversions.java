package org.blurevolve.network;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector part of {@link FloatConversions}: whole vectors of the preferred double shape, converted
 * with the Vector API's D2F and F2D, which round and widen as the Java casts do. Each method converts
 * a prefix of whole vectors and returns where the caller's scalar loop continues. Only loaded when the
 * module is present.
 */
final class VectorFloatConversions {
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /** Floats with as many lanes as {@link #DOUBLES}: the float path's one shape ({@link VectorStateSweep#FLOATS}). */
    private static final VectorSpecies<Float> FLOATS = VectorStateSweep.FLOATS;
    private static final int LANES = DOUBLES.length();

    private VectorFloatConversions() {
    }

    /** Rounds x[from, from + k·LANES) to float in place; returns the first position not done. */
    static int round(double[] x, int from, int to) {
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            DoubleVector.fromArray(DOUBLES, x, i).convertShape(VectorOperators.D2F, FLOATS, 0)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0).reinterpretAsDoubles().intoArray(x, i);
        }
        return i;
    }

    /** Narrows whole vectors of src into dst; returns how many elements were done. */
    static int narrow(double[] src, int srcOff, float[] dst, int dstOff, int len) {
        int i = 0;
        for (; i + LANES <= len; i += LANES) {
            DoubleVector.fromArray(DOUBLES, src, srcOff + i).convertShape(VectorOperators.D2F, FLOATS, 0)
                    .reinterpretAsFloats().intoArray(dst, dstOff + i);
        }
        return i;
    }

    /** Widens whole vectors of src into dst; returns how many elements were done. */
    static int widen(float[] src, int srcOff, double[] dst, int dstOff, int len) {
        int i = 0;
        for (; i + LANES <= len; i += LANES) {
            FloatVector.fromArray(FLOATS, src, srcOff + i).convertShape(VectorOperators.F2D, DOUBLES, 0)
                    .reinterpretAsDoubles().intoArray(dst, dstOff + i);
        }
        return i;
    }
}
