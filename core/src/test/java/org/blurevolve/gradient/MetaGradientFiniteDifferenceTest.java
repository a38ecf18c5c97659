package org.blurevolve.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.genome.Genome;
import org.blurevolve.network.Activation;
import org.blurevolve.network.ActivationStatistics;
import org.blurevolve.network.BackwardMode;
import org.blurevolve.network.Feedback;
import org.blurevolve.network.HebbianInputs;
import org.blurevolve.network.NetworkFixtures;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.Precision;
import org.blurevolve.network.StateActivations;
import org.blurevolve.network.SynapseNormalization;
import org.blurevolve.network.SynapseStates;
import org.blurevolve.network.SynapseSymmetry;
import org.blurevolve.task.PointTask;
import org.blurevolve.task.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The meta-gradient against central finite differences of the fitness evaluation's own loss
 * ({@link InnerLoop}, an independent forward implementation), in double, on every gene, for option
 * combinations covering every model option of docs/model.md §3–§5. Tolerance: relative error
 * |g − d| / (max(|g|, |d|) + 1e-6·‖g‖∞) ≤ 1e-6 per gene (so genes below a millionth of
 * the largest are held to 1e-12·‖g‖∞, about the differences' rounding noise), d by Richardson-extrapolated central
 * differences at the step size where neighbouring estimates agree best. Activations are smooth (tanh, sigmoid) so no
 * sample sits on a kink.
 */
class MetaGradientFiniteDifferenceTest {
    private static final Task TWO_CLASSES = PointTask.uniformPlane("two", 2,
            x -> x[0] * x[0] + x[1] > 0.2 ? 1 : 0);
    private static final Task ONE_OUTPUT = PointTask.uniformPlane("half", 1, x -> x[0] + 0.5 * x[1] > 0 ? 1 : 0);

    record Case(String name, NetworkSpec spec, boolean perLayer, int steps, Task task, MetaLoss loss) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static NetworkSpec base(int k, int... hidden) {
        List<Integer> sizes = new java.util.ArrayList<>();
        sizes.add(2);
        for (int h : hidden) {
            sizes.add(h);
        }
        sizes.add(3);
        return NetworkSpec.defaults(k, sizes).withActivations(StateActivations.of(Activation.TANH),
                StateActivations.of(Activation.TANH), StateActivations.of(Activation.TANH));
    }

    private static Case of(String name, int k, UnaryOperator<NetworkSpec> change) {
        return new Case(name, change.apply(base(k, 5, 4)), false, 3, TWO_CLASSES, MetaLoss.CROSS_ENTROPY);
    }

    static Stream<Arguments> cases() {
        NetworkSpec k3 = base(3, 5, 4);
        return Stream.of(
                of("K=2 defaults", 2, s -> s),
                of("K=3 defaults", 3, s -> s),
                of("asymmetric", 2, s -> s.withSymmetry(SynapseSymmetry.ASYMMETRIC)),
                of("single-state synapses", 3, s -> s.withSynapseStates(SynapseStates.SINGLE_STATE)),
                of("multiplicative", 2, s -> s.withBackwardMode(BackwardMode.MULTIPLICATIVE)),
                of("mult second state K=3", 3, s -> s.withBackwardMode(BackwardMode.MULT_SECOND_STATE)),
                of("error feedback", 3, s -> s.withFeedback(Feedback.ERROR)),
                of("neurons kept across steps", 2, s -> s.withZeroNeurons(false)),
                of("pre from forward", 2, s -> s.withHebbianInputs(HebbianInputs.PRE_FROM_FORWARD)),
                of("oja", 2, s -> s.withStabilizers(s.stabilizers().withOja(true))),
                of("saturation", 2, s -> s.withStabilizers(s.stabilizers().withSaturation(true, 0.1))),
                of("stored normalisation + rescale", 2,
                        s -> s.withStabilizers(s.stabilizers().withNormalization(SynapseNormalization.STORED, true))),
                of("in-activation normalisation, implicit G", 2,
                        s -> s.withStabilizers(s.stabilizers().withNormalization(SynapseNormalization.IN_ACTIVATIONS, true))),
                of("in-activation normalisation, asymmetric", 2,
                        s -> s.withSymmetry(SynapseSymmetry.ASYMMETRIC).withStabilizers(
                                s.stabilizers().withNormalization(SynapseNormalization.IN_ACTIVATIONS, false))),
                of("activation normalisation (batch)", 2, s -> s.withStabilizers(s.stabilizers().withActivationNormalization(true))),
                of("activation normalisation (support statistics)", 2, s -> s.withStabilizers(
                        s.stabilizers().withActivationNormalization(ActivationStatistics.SUPPORT, true))),
                of("support statistics, output not normalised, kept neurons", 3, s -> s.withZeroNeurons(false)
                        .withStabilizers(s.stabilizers().withActivationNormalization(ActivationStatistics.SUPPORT, false))),
                of("batch statistics, output not normalised", 2, s -> s.withStabilizers(
                        s.stabilizers().withActivationNormalization(ActivationStatistics.BATCH, false))),
                of("synapse activation tanh, sigmoid hidden", 2, s -> s.withSynapseActivation(StateActivations.of(Activation.TANH))
                        .withActivations(StateActivations.of(Activation.SIGMOID), StateActivations.of(Activation.TANH),
                                StateActivations.of(Activation.TANH))),
                of("per-state activations", 2, s -> s.withActivations(
                        StateActivations.perState(Activation.TANH, Activation.TANH_DERIVATIVE),
                        StateActivations.perState(Activation.SIGMOID, Activation.IDENTITY), StateActivations.of(Activation.IDENTITY))),
                (new Case("per-layer genome K=3", k3, true, 3, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("T=1", base(2, 4), false, 1, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("T=10", base(2, 4), false, 10, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("L2 loss", base(2, 5, 4), false, 3, TWO_CLASSES, MetaLoss.L2)),
                (new Case("one output, logistic loss", base(2, 5, 4), false, 3, ONE_OUTPUT, MetaLoss.CROSS_ENTROPY)),
                (new Case("no hidden layer", base(2), false, 4, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("backprop network with its genome's layout", NetworkSpec.backprop(List.of(2, 5, 3),
                        Activation.TANH, Activation.TANH_DERIVATIVE, Feedback.ERROR), false, 4, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("everything at once K=3", k3.withSymmetry(SynapseSymmetry.ASYMMETRIC)
                        .withFeedback(Feedback.ERROR).withZeroNeurons(false).withHebbianInputs(HebbianInputs.PRE_FROM_FORWARD)
                        .withSynapseActivation(StateActivations.of(Activation.TANH))
                        .withStabilizers(k3.stabilizers().withOja(true).withSaturation(true, 0.05)
                                .withNormalization(SynapseNormalization.IN_ACTIVATIONS, true).withActivationNormalization(true)),
                        true, 5, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("K=3 per-layer T=5: asymmetric, error feedback, kept neurons, pre from forward", k3.withSymmetry(SynapseSymmetry.ASYMMETRIC).withFeedback(Feedback.ERROR).withZeroNeurons(false).withHebbianInputs(HebbianInputs.PRE_FROM_FORWARD), true, 5, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("K=3 per-layer T=5: oja and saturation", k3.withStabilizers(k3.stabilizers().withOja(true).withSaturation(true, 0.05)), true, 5, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("K=3 per-layer T=5: in-activation and activation normalisation", k3.withStabilizers(k3.stabilizers().withNormalization(SynapseNormalization.IN_ACTIVATIONS, true).withActivationNormalization(true)), true, 5, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("K=3 per-layer T=5: tanh synapses and saturation", k3.withSynapseActivation(StateActivations.of(Activation.TANH)).withStabilizers(k3.stabilizers().withSaturation(true, 0.05)), true, 5, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("K=3 per-layer T=5: support statistics, stored normalisation", k3.withStabilizers(k3.stabilizers()
                        .withActivationNormalization(ActivationStatistics.SUPPORT, true)
                        .withNormalization(SynapseNormalization.STORED, true)), true, 5, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("K=3 per-layer T=5: activation normalisation", k3.withStabilizers(k3.stabilizers().withActivationNormalization(true)), true, 5, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)),
                (new Case("K=3 per-layer T=5: activation normalisation, kept neurons", k3.withZeroNeurons(false).withStabilizers(k3.stabilizers().withActivationNormalization(true)), true, 5, TWO_CLASSES, MetaLoss.CROSS_ENTROPY)))
                .map(Arguments::of);
    }

    private static final long SEED = 20261201L;

    static UnrollSettings settings(int steps) {
        return new UnrollSettings(steps, 2, 8, 2, Precision.DOUBLE, 0);
    }

    static MetaGradientSettings gradient(Case c, int recomputeEvery) {
        return new MetaGradientSettings(c.loss(), c.steps(), 0, recomputeEvery);
    }

    static Genome genome(Case c) {
        return NetworkFixtures.exercisingGenome(c.spec(), c.perLayer(), 7);
    }

    static double loss(Case c, Genome g) {
        FitnessResult r = InnerLoop.evaluate(c.spec(), g, c.task(), settings(c.steps()), SEED);
        assertEquals(EvaluationStatus.OK, r.status(), "evaluation diverged");
        return c.loss() == MetaLoss.CROSS_ENTROPY ? -r.negCrossEntropy() : -r.negL2();
    }

    static double[] finiteDifferences(Case c, Genome g) {
        double[] d = new double[g.genes().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = richardson(c, g, i);
        }
        return d;
    }

    /**
     * Richardson-extrapolated central differences R(h) = (4·D(h/2) − D(h))/3 (error O(h⁴)) on the
     * steps h = 1e-2, 1e-3, …, 1e-7; returns R at the step that minimises the disagreement with the
     * next larger step plus the rounding noise of that step (1e-15·|ℓ|/h). Large steps lose to
     * curvature (activation normalisation of a near-constant neuron makes the loss strongly curved
     * in a few genes, within 1e-5), small ones to rounding; this picks between them.
     */
    private static double richardson(Case c, Genome g, int gene) {
        return richardson(x -> loss(c, x), g, gene);
    }

    private static double richardson(java.util.function.ToDoubleFunction<Genome> loss, Genome g, int gene) {
        double[] r = new double[6];
        double[] steps = new double[r.length];
        double h = 1e-2;
        for (int i = 0; i < r.length; i++, h /= 10) {
            steps[i] = h;
            r[i] = (4 * central(loss, g, gene, h / 2) - central(loss, g, gene, h)) / 3;
        }
        double level = Math.abs(loss.applyAsDouble(g));
        int best = 1;
        double bestError = Double.MAX_VALUE;
        for (int i = 1; i < r.length; i++) {
            double error = Math.abs(r[i] - r[i - 1]) + 1e-15 * level / steps[i];
            if (error < bestError) {
                bestError = error;
                best = i;
            }
        }
        return r[best];
    }

    private static double central(java.util.function.ToDoubleFunction<Genome> loss, Genome g, int gene, double h) {
        double[] plus = g.genes();
        double[] minus = g.genes();
        plus[gene] += h;
        minus[gene] -= h;
        return (loss.applyAsDouble(new Genome(g.layout(), plus)) - loss.applyAsDouble(new Genome(g.layout(), minus))) / (2 * h);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientEqualsFiniteDifferencesOnEveryGene(Case c) {
        Genome g = genome(c);
        GradientResult result = MetaGradient.evaluate(c.spec(), g, c.task(), settings(c.steps()), SEED, gradient(c, 1));
        assertTrue(result.ok(), "gradient failed: " + result.status());
        assertEquals(loss(c, g), result.loss(), 1e-12 * Math.max(1, Math.abs(result.loss())),
                "the adjoint's forward loss equals the fitness evaluation's");
        double[] grad = result.gradient();
        double[] fd = finiteDifferences(c, g);
        assertAgrees(c.name(), grad, fd);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keptAndRecomputedRecordsGiveTheSameBits(Case c) {
        Genome g = genome(c);
        GradientResult kept = MetaGradient.evaluate(c.spec(), g, c.task(), settings(c.steps()), SEED, gradient(c, 1));
        for (int every : new int[] {0, 2, 3}) {
            GradientResult other = MetaGradient.evaluate(c.spec(), g, c.task(), settings(c.steps()), SEED, gradient(c, every));
            assertArrayEquals(kept.gradient(), other.gradient(), 0.0, "recompute-every " + every);
            assertEquals(kept.loss(), other.loss(), 0.0);
        }
    }

    @org.junit.jupiter.api.Test
    void truncationKeepsTheLastStepsOnly() {
        Case c = new Case("T=6", base(2, 4), false, 6, TWO_CLASSES, MetaLoss.CROSS_ENTROPY);
        Genome g = genome(c);
        GradientResult full = MetaGradient.evaluate(c.spec(), g, c.task(), settings(6), SEED, gradient(c, 0));
        GradientResult all = MetaGradient.evaluate(c.spec(), g, c.task(), settings(6), SEED,
                new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, 6, 6, 0));
        GradientResult last2 = MetaGradient.evaluate(c.spec(), g, c.task(), settings(6), SEED,
                new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, 6, 2, 2));
        GradientResult last2Kept = MetaGradient.evaluate(c.spec(), g, c.task(), settings(6), SEED,
                new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, 6, 2, 0));
        assertArrayEquals(full.gradient(), all.gradient(), 0.0, "W = T is the full gradient");
        assertArrayEquals(last2Kept.gradient(), last2.gradient(), 0.0, "truncation does not depend on S");
        assertEquals(full.loss(), last2.loss(), 0.0, "truncation changes the gradient, not the loss");
        double diff = 0;
        for (int i = 0; i < full.gradient().length; i++) {
            diff = Math.max(diff, Math.abs(full.gradient()[i] - last2.gradient()[i]));
        }
        assertTrue(diff > 1e-6, "truncating to 2 of 6 steps changes the gradient");
    }

    /** Cases for the meta-loss averaged over several horizons of one unroll (T = the last horizon). */
    static Stream<Arguments> horizonCases() {
        NetworkSpec k3 = base(3, 5, 4);
        return Stream.of(
                Arguments.of(of("K=2 defaults", 2, s -> s), List.of(1, 3, 5)),
                Arguments.of(of("support statistics, kept neurons", 2, s -> s.withZeroNeurons(false).withStabilizers(
                        s.stabilizers().withActivationNormalization(ActivationStatistics.SUPPORT, true))), List.of(2, 5)),
                Arguments.of(of("stored normalisation + rescale", 2, s -> s.withStabilizers(
                        s.stabilizers().withNormalization(SynapseNormalization.STORED, true))), List.of(1, 2, 4)),
                Arguments.of(new Case("K=3 per-layer: asymmetric, error feedback, kept neurons, batch statistics",
                        k3.withSymmetry(SynapseSymmetry.ASYMMETRIC).withFeedback(Feedback.ERROR).withZeroNeurons(false)
                                .withStabilizers(k3.stabilizers().withActivationNormalization(true)),
                        true, 5, TWO_CLASSES, MetaLoss.CROSS_ENTROPY), List.of(3, 5)),
                Arguments.of(new Case("L2 loss", base(2, 5, 4), false, 4, TWO_CLASSES, MetaLoss.L2), List.of(2, 4)));
    }

    /** The fitness evaluation's loss with the horizons' scores averaged (fitness.aggregate = mean). */
    private static double horizonLoss(Case c, List<Integer> horizons, Genome g) {
        UnrollSettings u = settings(horizons.get(horizons.size() - 1)).withHorizons(horizons);
        FitnessResult r = InnerLoop.evaluate(c.spec(), g, c.task(), u, SEED);
        assertEquals(EvaluationStatus.OK, r.status(), "evaluation diverged");
        return c.loss() == MetaLoss.CROSS_ENTROPY ? -r.negCrossEntropy() : -r.negL2();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("horizonCases")
    void severalHorizonsGradientEqualsFiniteDifferences(Case c, List<Integer> horizons) {
        Genome g = genome(c);
        int t = horizons.get(horizons.size() - 1);
        GradientResult result = MetaGradient.evaluate(c.spec(), g, c.task(), settings(t), SEED,
                new MetaGradientSettings(c.loss(), horizons, 0, 0));
        assertTrue(result.ok(), "gradient failed: " + result.status());
        assertEquals(horizonLoss(c, horizons, g), result.loss(), 1e-12 * Math.max(1, Math.abs(result.loss())),
                "the adjoint's loss equals the evaluation's mean over horizons");
        double[] grad = result.gradient();
        double[] fd = new double[grad.length];
        for (int i = 0; i < fd.length; i++) {
            int gene = i;
            fd[i] = richardson(x -> horizonLoss(c, horizons, x), g, gene);
        }
        assertAgrees(c.name() + " " + horizons, grad, fd);
        double scale = norm(grad);

        GradientResult last = MetaGradient.evaluate(c.spec(), g, c.task(), settings(t), SEED,
                new MetaGradientSettings(c.loss(), t, 0, 0));
        double diff = 0;
        for (int i = 0; i < grad.length; i++) {
            diff = Math.max(diff, Math.abs(grad[i] - last.gradient()[i]));
        }
        assertTrue(diff > 1e-6 * scale, "the earlier horizons change the gradient");
        for (int every : new int[] {1, 2, 3}) {
            GradientResult other = MetaGradient.evaluate(c.spec(), g, c.task(), settings(t), SEED,
                    new MetaGradientSettings(c.loss(), horizons, 0, every));
            assertArrayEquals(grad, other.gradient(), 0.0, "recompute-every " + every);
            assertEquals(result.loss(), other.loss(), 0.0);
        }
    }

    @org.junit.jupiter.api.Test
    void truncationDropsTheHorizonsBeforeItsWindowFromTheGradientOnly() {
        Case c = new Case("T=6", base(2, 4), false, 6, TWO_CLASSES, MetaLoss.CROSS_ENTROPY);
        Genome g = genome(c);
        GradientResult lastOnly = MetaGradient.evaluate(c.spec(), g, c.task(), settings(6), SEED,
                new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, List.of(2, 6), 2, 0));
        GradientResult reference = MetaGradient.evaluate(c.spec(), g, c.task(), settings(6), SEED,
                new MetaGradientSettings(MetaLoss.CROSS_ENTROPY, List.of(6), 2, 0));
        double[] halved = reference.gradient().clone();
        for (int i = 0; i < halved.length; i++) {
            halved[i] /= 2;
        }
        assertArrayEquals(halved, lastOnly.gradient(), 1e-15 * norm(halved),
                "horizon 2 lies before the last 2 steps: only horizon 6 counts, with weight 1/2");
        assertEquals(horizonLoss(c, List.of(2, 6), g), lastOnly.loss(), 1e-12, "the loss keeps every horizon");
    }

    /** Cases for the synapse penalty: implicit G, stored G (three ways), single-state synapses, SUPPORT statistics. */
    static Stream<Arguments> penaltyCases() {
        NetworkSpec k3 = base(3, 5, 4);
        return Stream.of(
                Arguments.of(of("K=2 defaults (G implicit)", 2, s -> s)),
                Arguments.of(of("asymmetric (G stored)", 2, s -> s.withSymmetry(SynapseSymmetry.ASYMMETRIC))),
                Arguments.of(of("single-state synapses, oja (G stored)", 3, s -> s.withSynapseStates(SynapseStates.SINGLE_STATE)
                        .withStabilizers(s.stabilizers().withOja(true)))),
                Arguments.of(new Case("K=3 per-layer: support statistics, stored normalisation (G stored)",
                        k3.withStabilizers(k3.stabilizers().withActivationNormalization(ActivationStatistics.SUPPORT, true)
                                .withNormalization(SynapseNormalization.STORED, true)), true, 5, TWO_CLASSES,
                        MetaLoss.CROSS_ENTROPY)));
    }

    /**
     * Reference penalty, from the plain network's forward run (not the adjoint's): per replica
     * ln(P_T / P_1), P_t the synapses after t learning steps' Σ over layers of mean(F²) and, where G is
     * stored (docs/model.md §1: asymmetric, Oja or stored normalisation), mean(G²); the mean over replicas.
     */
    private static double penalty(Case c, Genome g) {
        NetworkSpec spec = InnerLoop.fitted(c.spec(), c.task());
        UnrollSettings u = settings(c.steps());
        boolean storedG = spec.symmetry() == SynapseSymmetry.ASYMMETRIC || spec.stabilizers().oja()
                || spec.stabilizers().normalization() == SynapseNormalization.STORED;
        double sum = 0;
        for (int r = 0; r < u.replicas(); r++) {
            org.blurevolve.network.BlurNetwork net = new org.blurevolve.network.BlurNetwork(spec, g, u.batch(), Precision.DOUBLE);
            net.initSynapses(org.blurevolve.task.Seeds.derive(SEED, r, 0));
            org.blurevolve.task.Episode episode = c.task().episode(org.blurevolve.task.Seeds.derive(SEED, r, 1), u.batch(),
                    c.steps(), u.queryBatches());
            double first = 0;
            for (int t = 0; t < c.steps(); t++) {
                net.learn(episode.support().get(t).inputs(), episode.support().get(t).targets());
                if (t == 0) {
                    first = squares(net.synapses(), storedG);
                }
            }
            sum += Math.log(squares(net.synapses(), storedG) / first);
        }
        return sum / u.replicas();
    }

    private static double squares(org.blurevolve.network.Synapses x, boolean storedG) {
        double sum = 0;
        for (int l = 0; l < x.forward().length; l++) {
            sum += meanSquare(x.forward()[l]) + (storedG ? meanSquare(x.backward()[l]) : 0);
        }
        return sum;
    }

    private static double meanSquare(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return s / x.length;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("penaltyCases")
    void synapsePenaltyGradientEqualsFiniteDifferences(Case c) {
        double lambda = 0.3;
        Genome g = genome(c);
        MetaGradientSettings with = new MetaGradientSettings(c.loss(), List.of(c.steps()), 0, 0, lambda);
        GradientResult result = MetaGradient.evaluate(c.spec(), g, c.task(), settings(c.steps()), SEED, with);
        assertTrue(result.ok(), "gradient failed: " + result.status());
        double reference = loss(c, g) + lambda * penalty(c, g);
        assertEquals(reference, result.loss(), 1e-12 * Math.max(1, Math.abs(reference)),
                "the loss is the query loss plus λ times the reference penalty");
        double[] fd = new double[result.gradient().length];
        for (int i = 0; i < fd.length; i++) {
            fd[i] = richardson(x -> loss(c, x) + lambda * penalty(c, x), g, i);
        }
        assertAgrees(c.name() + " with a synapse penalty", result.gradient(), fd);

        GradientResult without = MetaGradient.evaluate(c.spec(), g, c.task(), settings(c.steps()), SEED, gradient(c, 0));
        double growth = penalty(c, g);
        assertEquals(growth, result.synapseGrowth(), 1e-12 * Math.max(1, Math.abs(growth)),
                "the reported growth is the reference ln(P_T / P_1)");
        assertEquals(growth, without.synapseGrowth(), 1e-12 * Math.max(1, Math.abs(growth)),
                "the growth is reported without a penalty too");
        double diff = 0;
        for (int i = 0; i < fd.length; i++) {
            diff = Math.max(diff, Math.abs(result.gradient()[i] - without.gradient()[i]));
        }
        assertTrue(diff > 1e-6 * norm(result.gradient()), "the penalty changes the gradient");
        for (int every : new int[] {1, 2}) {
            GradientResult other = MetaGradient.evaluate(c.spec(), g, c.task(), settings(c.steps()), SEED,
                    new MetaGradientSettings(c.loss(), List.of(c.steps()), 0, every, lambda));
            assertArrayEquals(result.gradient(), other.gradient(), 0.0, "recompute-every " + every);
        }
    }

    /** With a horizon at step 1, whose query branch starts at the state the penalty's P_1 is read from. */
    @org.junit.jupiter.api.Test
    void synapsePenaltyWithAHorizonAtTheFirstStep() {
        Case c = of("asymmetric (G stored)", 2, s -> s.withSymmetry(SynapseSymmetry.ASYMMETRIC));
        List<Integer> horizons = List.of(1, c.steps());
        double lambda = 0.3;
        Genome g = genome(c);
        GradientResult result = MetaGradient.evaluate(c.spec(), g, c.task(), settings(c.steps()), SEED,
                new MetaGradientSettings(c.loss(), horizons, 0, 0, lambda));
        assertTrue(result.ok(), "gradient failed: " + result.status());
        double[] fd = new double[result.gradient().length];
        for (int i = 0; i < fd.length; i++) {
            fd[i] = richardson(x -> horizonLoss(c, horizons, x) + lambda * penalty(c, x), g, i);
        }
        assertAgrees(c.name() + " " + horizons + " with a synapse penalty", result.gradient(), fd);
        GradientResult oneStep = MetaGradient.evaluate(c.spec(), g, c.task(), settings(1), SEED,
                new MetaGradientSettings(c.loss(), List.of(1), 0, 0, 0));
        assertTrue(oneStep.ok() && Double.isNaN(oneStep.synapseGrowth()), "no growth to report after one step");
    }

    /** Relative error ≤ 1e-6 on every gene, as the class comment states; a (near) zero gradient fails. */
    private static void assertAgrees(String name, double[] grad, double[] fd) {
        double scale = norm(grad);
        assertTrue(scale > 1e-6, "gradient is (near) zero, the check would be vacuous: " + scale);
        StringBuilder bad = new StringBuilder();
        double worst = 0;
        for (int i = 0; i < grad.length; i++) {
            double rel = Math.abs(grad[i] - fd[i]) / (Math.max(Math.abs(grad[i]), Math.abs(fd[i])) + 1e-6 * scale);
            worst = Math.max(worst, rel);
            if (rel > 1e-6) {
                bad.append(String.format("%n gene %d: adjoint %.12g, differences %.12g, rel %.2g", i, grad[i], fd[i], rel));
            }
        }
        assertTrue(bad.isEmpty(), name + ": worst relative error " + worst + bad);
    }

    private static double norm(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
