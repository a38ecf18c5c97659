package org.blurevolve.network;

import java.util.List;

/**
 * The activation applied to each of the K states of a layer: one function for every state, or a
 * per-state list of K functions (docs/model.md §4). Immutable.
 *
 * @param functions one function (applies to every state) or exactly K functions
 */
public record StateActivations(List<Activation> functions) implements java.io.Serializable {

    public StateActivations {
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("an activation list needs at least one function");
        }
        functions = List.copyOf(functions);
    }

    /** The same function on every state. */
    public static StateActivations of(Activation all) {
        return new StateActivations(List.of(all));
    }

    /** One function per state, in state order. */
    public static StateActivations perState(Activation... perState) {
        return new StateActivations(List.of(perState));
    }

    /** The function applied to state {@code c}. */
    public Activation forState(int c) {
        return functions.size() == 1 ? functions.get(0) : functions.get(c);
    }

    /** Whether this list fits K states (one function, or exactly K). */
    public boolean fits(int k) {
        return functions.size() == 1 || functions.size() == k;
    }

    /** Whether every state uses the same function. */
    public boolean uniform() {
        return functions.stream().distinct().count() == 1;
    }

    /** Whether every state uses the identity. */
    public boolean isIdentity() {
        return uniform() && functions.get(0) == Activation.IDENTITY;
    }

    @Override
    public String toString() {
        return functions.size() == 1 ? functions.get(0).configName()
                : functions.stream().map(Activation::configName).toList().toString();
    }
}
