package org.blurevolve.driver.evolution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blurevolve.driver.config.StrategySettings;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.gradient.GradientResult;
import org.blurevolve.gradient.MetaGradientSettings;
import org.blurevolve.task.RunSeeds;
import org.blurevolve.task.SeedStream;

/**
 * Meta-gradient descent as an outer strategy (docs/model.md §10): generation g is one meta-step. The
 * current genes (clipped to the gene bounds) are scored by their meta-gradient over every meta-train
 * task and replica with the seeds of META_GRADIENT (g, 0, t), at the curriculum's T for g, and Adam
 * moves them. The generation's single member is the genome before the step, with the scores of the
 * unroll the gradient came from. A diverged unroll leaves the genes where they are. Starts from the
 * first initial genome, else a random genome (stream INITIAL_GENOME, 0).
 */
public final class GradientDescent implements OuterStrategy {
    private final StrategySettings.Gradient settings;
    private final GenomeCodec codec;
    private final GenomeLayout layout;
    private final Adam adam;
    private double[] genes;
    private double[] last = GradientMetrics.none();

    GradientDescent(StrategySettings.Gradient settings, GenomeCodec codec, GenomeLayout layout, RunSeeds seeds,
                    List<Genome> initial) {
        this.settings = settings;
        this.codec = codec;
        this.layout = layout;
        this.genes = initial.isEmpty() ? Genome.random(layout, seeds.of(SeedStream.INITIAL_GENOME, 0)).genes()
                : initial.get(0).genes();
        this.adam = new Adam(settings, genes.length);
    }

    @Override
    public Generation advance(long index, Scoring scoring) {
        MetaGradientSettings at = settings.at(index);
        Genome current = codec.clip(new Genome(layout, genes));
        Scoring.GradientStep step = scoring.gradientStep(index, current, at);
        GradientResult g = step.gradient();
        if (g.ok()) {
            genes = adam.step(current.genes(), g.gradient());
        }
        last = GradientMetrics.of(g, at.steps());
        return step.generation();
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("genes", genes.clone());
        s.put("adam", adam.state());
        s.put("last", last.clone());
        return s;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Generation lastGeneration, Map<String, Object> state) {
        genes = Adam.doubles(state.get("genes"));
        adam.restore((Map<String, Object>) state.get("adam"));
        last = GradientMetrics.restore(state.get("last"));
    }

    @Override
    public String describe() {
        return "meta-gradient (Adam, lr " + settings.learningRate() + ")";
    }

    @Override
    public String progress() {
        return GradientMetrics.progress(last);
    }

    /** A meta-step's fitness comes from the unrolls of its gradient, at the gradient's horizons for that step. */
    @Override
    public List<Integer> horizons(long index, List<Integer> fitnessHorizons) {
        return settings.at(index).horizons();
    }

    @Override
    public List<String> metricNames() {
        return GradientMetrics.NAMES;
    }

    @Override
    public double[] metrics() {
        return last.clone();
    }
}
