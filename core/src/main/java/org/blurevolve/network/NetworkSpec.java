package org.blurevolve.network;

import java.util.ArrayList;
import java.util.List;
import org.blurevolve.genome.GenomeLayout;

/**
 * Everything that defines a BLUR network except its genome and synapse values (docs/model.md §1, §3–5, §7).
 * Immutable; validated on construction; copied with {@code withX(..)}.
 *
 * @param k             states per neuron (and synapse channels), at least 2
 * @param sizes         neurons per layer n_0..n_L, at least two layers
 * @param forward       σ_fwd, hidden layers on the forward pass
 * @param backward      σ_bwd, hidden layers on the backward pass
 * @param output        σ_out, the output layer
 * @param synapse       σ_syn, applied after each synapse update
 * @param backwardMode  how the backward message enters the states
 * @param symmetry      whether G mirrors F
 * @param synapseStates whether synapse channels are independent
 * @param feedback      how the target enters the output layer
 * @param zeroNeurons   reset every neuron to 0 at the start of a step
 * @param initScale     synapse init scale
 * @param hebbianInputs which states feed the pre side of the Hebbian update
 * @param stabilizers   optional stabilisers of §5
 */
public record NetworkSpec(int k, List<Integer> sizes,
                          StateActivations forward, StateActivations backward,
                          StateActivations output, StateActivations synapse,
                          BackwardMode backwardMode, SynapseSymmetry symmetry, SynapseStates synapseStates,
                          Feedback feedback, boolean zeroNeurons, InitScale initScale,
                          HebbianInputs hebbianInputs, Stabilizers stabilizers) implements java.io.Serializable {

    public NetworkSpec {
        List<String> problems = new ArrayList<>();
        if (k < 2) {
            problems.add("K = " + k + ", must be >= 2");
        }
        if (sizes == null || sizes.size() < 2) {
            problems.add("sizes = " + sizes + ", need at least an input and an output layer");
        } else {
            sizes = List.copyOf(sizes);
            for (int s : sizes) {
                if (s < 1) {
                    problems.add("sizes = " + sizes + ", every layer needs at least one neuron");
                    break;
                }
            }
        }
        checkFits(problems, "forward", forward, k);
        checkFits(problems, "backward", backward, k);
        checkFits(problems, "output", output, k);
        checkFits(problems, "synapse", synapse, k);
        if (synapseStates == SynapseStates.SINGLE_STATE && synapse != null && !synapse.uniform()) {
            problems.add("SINGLE_STATE synapses need the same synapse activation on every channel, got " + synapse);
        }
        if (backwardMode == null || symmetry == null || synapseStates == null || feedback == null
                || initScale == null || hebbianInputs == null || stabilizers == null) {
            problems.add("every option must be set");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid network spec: " + String.join("; ", problems));
        }
    }

    private static void checkFits(List<String> problems, String name, StateActivations a, int k) {
        if (a == null) {
            problems.add(name + " activation must be set");
        } else if (!a.fits(k)) {
            problems.add(name + " activation lists " + a.functions().size() + " functions, K = " + k
                    + " needs 1 or " + k);
        }
    }

    /** The paper's default network (docs/model.md §7) with the given K and layer sizes. */
    public static NetworkSpec defaults(int k, List<Integer> sizes) {
        return new NetworkSpec(k, sizes,
                StateActivations.of(Activation.RELU_TANH), StateActivations.of(Activation.RELU_TANH),
                StateActivations.of(Activation.TANH), StateActivations.of(Activation.IDENTITY),
                BackwardMode.ADDITIVE, SynapseSymmetry.SYMMETRIC, SynapseStates.MULTI_STATE,
                Feedback.TARGET, true, InitScale.UNIT, HebbianInputs.POST_BACKWARD, Stabilizers.none());
    }

    /**
     * The network settings under which {@link org.blurevolve.genome.Genome#backprop} is exact SGD
     * (docs/model.md §6): per-state forward (σ, σ'), identity backward and output, MULT_SECOND_STATE,
     * SYMMETRIC and SINGLE_STATE synapses, zeroNeurons, no stabilisers.
     */
    public static NetworkSpec backprop(List<Integer> sizes, Activation sigma, Activation sigmaDerivative,
                                       Feedback feedback) {
        return defaults(2, sizes)
                .withActivations(StateActivations.perState(sigma, sigmaDerivative),
                        StateActivations.of(Activation.IDENTITY), StateActivations.of(Activation.IDENTITY))
                .withBackwardMode(BackwardMode.MULT_SECOND_STATE)
                .withSynapseStates(SynapseStates.SINGLE_STATE)
                .withFeedback(feedback);
    }

    /** Number of synapse layers L. */
    public int layers() {
        return sizes.size() - 1;
    }

    /** Neurons in layer l (0 = input, L = output). */
    public int size(int layer) {
        return sizes.get(layer);
    }

    public int inputs() {
        return sizes.get(0);
    }

    public int outputs() {
        return sizes.get(sizes.size() - 1);
    }

    /** The genome layout this network reads: K, blocks and the scalars its stabilisers need. */
    public GenomeLayout genomeLayout(boolean perLayer) {
        return new GenomeLayout(k, perLayer ? layers() : 1, List.copyOf(stabilizers.requiredScalars()));
    }

    public NetworkSpec withSizes(List<Integer> newSizes) {
        return new NetworkSpec(k, newSizes, forward, backward, output, synapse, backwardMode, symmetry,
                synapseStates, feedback, zeroNeurons, initScale, hebbianInputs, stabilizers);
    }

    public NetworkSpec withActivations(StateActivations fwd, StateActivations bwd, StateActivations out) {
        return new NetworkSpec(k, sizes, fwd, bwd, out, synapse, backwardMode, symmetry,
                synapseStates, feedback, zeroNeurons, initScale, hebbianInputs, stabilizers);
    }

    public NetworkSpec withSynapseActivation(StateActivations syn) {
        return new NetworkSpec(k, sizes, forward, backward, output, syn, backwardMode, symmetry,
                synapseStates, feedback, zeroNeurons, initScale, hebbianInputs, stabilizers);
    }

    public NetworkSpec withBackwardMode(BackwardMode mode) {
        return new NetworkSpec(k, sizes, forward, backward, output, synapse, mode, symmetry,
                synapseStates, feedback, zeroNeurons, initScale, hebbianInputs, stabilizers);
    }

    public NetworkSpec withSymmetry(SynapseSymmetry s) {
        return new NetworkSpec(k, sizes, forward, backward, output, synapse, backwardMode, s,
                synapseStates, feedback, zeroNeurons, initScale, hebbianInputs, stabilizers);
    }

    public NetworkSpec withSynapseStates(SynapseStates s) {
        return new NetworkSpec(k, sizes, forward, backward, output, synapse, backwardMode, symmetry,
                s, feedback, zeroNeurons, initScale, hebbianInputs, stabilizers);
    }

    public NetworkSpec withFeedback(Feedback f) {
        return new NetworkSpec(k, sizes, forward, backward, output, synapse, backwardMode, symmetry,
                synapseStates, f, zeroNeurons, initScale, hebbianInputs, stabilizers);
    }

    public NetworkSpec withZeroNeurons(boolean zero) {
        return new NetworkSpec(k, sizes, forward, backward, output, synapse, backwardMode, symmetry,
                synapseStates, feedback, zero, initScale, hebbianInputs, stabilizers);
    }

    public NetworkSpec withInitScale(InitScale s) {
        return new NetworkSpec(k, sizes, forward, backward, output, synapse, backwardMode, symmetry,
                synapseStates, feedback, zeroNeurons, s, hebbianInputs, stabilizers);
    }

    public NetworkSpec withHebbianInputs(HebbianInputs h) {
        return new NetworkSpec(k, sizes, forward, backward, output, synapse, backwardMode, symmetry,
                synapseStates, feedback, zeroNeurons, initScale, h, stabilizers);
    }

    public NetworkSpec withStabilizers(Stabilizers s) {
        return new NetworkSpec(k, sizes, forward, backward, output, synapse, backwardMode, symmetry,
                synapseStates, feedback, zeroNeurons, initScale, hebbianInputs, s);
    }
}
