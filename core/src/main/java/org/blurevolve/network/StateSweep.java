package org.blurevolve.network;

/**
 * The per-state kernel of {@link FloatPath}'s sweep: on whole rows of one float state (row stride
 * {@code ld}, the bias in the last column), optionally normalise each neuron as (z − μ_j)·s_j + β
 * (docs/model.md §5), apply σ with the float path's rational tanh (§4, {@link Activation#applyRange})
 * and write back; the bias column is left as it was. Two arithmetics: in double, rounded back to float
 * ({@link Precision#FLOAT}), or in float ({@link Precision#FLOAT_ELEMENTWISE}). Within one arithmetic
 * every implementation gives the same bits: the scalar one is the reference, the Vector API one
 * performs the same IEEE operations per element in the same order.
 *
 * <p>{@link #create} picks the Vector API kernel when the JVM was started with
 * {@code --add-modules=jdk.incubator.vector} (the launcher and the test JVMs are; a Spark executor
 * started elsewhere may not be) and the scalar one otherwise. Implementations own scratch space: not
 * thread-safe (one per {@link FloatPath}).
 */
abstract class StateSweep {
    /** Whether the incubating Vector API module is in this JVM's boot layer, decided once. */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * The fastest kernel this JVM can run, for calls on positions below {@code rows}·{@code maxLd} with a
     * row stride of at most {@code maxLd}: with {@code floatArithmetic} one that normalises and activates
     * in float ({@link FloatStateSweep}), otherwise one that does so in double. The Vector API classes are
     * only loaded when the module is present.
     */
    static StateSweep create(int rows, int maxLd, boolean floatArithmetic) {
        if (floatArithmetic) {
            return VECTOR_API ? VectorFloatStateSweep.create(rows, maxLd) : new FloatStateSweep(rows, maxLd);
        }
        return VECTOR_API ? VectorStateSweep.create(rows, maxLd) : new ScalarStateSweep(rows * maxLd);
    }

    /** σ on positions [from, to) (whole rows of stride {@code ld}) of {@code z}, written back as float. */
    abstract void activate(Activation f, float[] z, int from, int to, int ld);

    /**
     * N then σ on positions [from, to) of {@code z}: neuron j of a row becomes
     * σ((z − mean[column + j])·scale[column + j] + shift), written back as float.
     */
    abstract void normalizeAndActivate(Activation f, float[] z, int from, int to, int ld, double[] mean,
            double[] scale, int column, double shift);
}
