package org.blurevolve.network;

/**
 * An opaque copy of a {@link BlurNetwork}'s dynamic state (states, stored synapses, SUPPORT
 * activation statistics), taken by {@link BlurNetwork#snapshot} and put back by
 * {@link BlurNetwork#restore}. Immutable once taken.
 */
public final class NetworkSnapshot {
    final NetworkSpec spec;
    final int batch;
    final boolean approximate;
    final double[][] states;
    final double[][] forward;
    final double[][] backward;
    final double[][] meanSum;
    final double[][] varSum;
    final int learnedSteps;

    NetworkSnapshot(NetworkSpec spec, int batch, boolean approximate, double[][] states, double[][] forward,
                    double[][] backward, double[][] meanSum, double[][] varSum, int learnedSteps) {
        this.spec = spec;
        this.batch = batch;
        this.approximate = approximate;
        this.states = states;
        this.forward = forward;
        this.backward = backward;
        this.meanSum = meanSum;
        this.varSum = varSum;
        this.learnedSteps = learnedSteps;
    }
}
