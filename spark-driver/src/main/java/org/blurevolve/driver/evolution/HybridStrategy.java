package org.blurevolve.driver.evolution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.blurevolve.driver.config.StrategySettings;
import org.blurevolve.driver.scoring.GradientScore;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.gradient.GradientResult;
import org.blurevolve.gradient.MetaGradientSettings;
import org.blurevolve.task.RunSeeds;

/**
 * CMA-ES with meta-gradient refinement ({@code cma-es+gradient}, docs/model.md §10): every generation
 * is a CMA-ES generation; after each {@code every}-th one, the mean (or the generation's best
 * member) is refined by {@code steps} Adam steps, step m of generation g with the seeds of
 * META_GRADIENT (g, m, t) and T from the curriculum at the count of refinement steps so far, and
 * the CMA-ES mean moves to the refined genes (step size and covariance stay). The Adam state
 * carries over between refinements and is checkpointed. The metrics columns hold the last refinement
 * step of the generation, empty in generations without a refinement; the progress line shows the
 * most recent one.
 */
public final class HybridStrategy implements OuterStrategy {
    private final StrategySettings.Hybrid settings;
    private final CmaEsStrategy cma;
    private final GenomeCodec codec;
    private final GenomeLayout layout;
    private final Adam adam;
    /** The metrics of the most recent refinement step, of this or an earlier generation. */
    private double[] last = GradientMetrics.none();
    /** Whether the generation just advanced ended with a refinement. */
    private boolean refined;

    HybridStrategy(StrategySettings.Hybrid settings, GenomeCodec codec, GenomeLayout layout, RunSeeds seeds,
                   List<Genome> initial) {
        this.settings = settings;
        this.cma = new CmaEsStrategy(settings.cma(), codec, layout, seeds, initial);
        this.codec = codec;
        this.layout = layout;
        this.adam = new Adam(settings.gradient(), layout.length());
    }

    @Override
    public Generation advance(long index, Scoring scoring) {
        Generation g = cma.advance(index, scoring);
        refined = (index + 1) % settings.every() == 0;
        if (!refined) {
            return g;
        }
        long start = System.nanoTime();
        double[] x = settings.target() == StrategySettings.RefineTarget.MEAN ? cma.mean() : g.best().genome().genes();
        for (int m = 0; m < settings.steps(); m++) {
            MetaGradientSettings at = settings.gradient().at(adam.steps());
            Genome current = codec.clip(new Genome(layout, x));
            GradientScore score = scoring.refine(index, m, current, at);
            GradientResult r = score.mean();
            last = GradientMetrics.of(r, at.steps());
            if (!r.ok()) {
                break;
            }
            x = adam.step(current.genes(), r.gradient());
        }
        cma.moveMean(codec.clip(new Genome(layout, x)).genes());
        return new Generation(g.index(), g.members(), g.jobSeconds() + (System.nanoTime() - start) / 1e9, g.faults());
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("cma", cma.snapshot());
        s.put("adam", adam.state());
        s.put("last", last.clone());
        return s;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Generation lastGeneration, Map<String, Object> state) {
        cma.restore(lastGeneration, (Map<String, Object>) state.get("cma"));
        adam.restore((Map<String, Object>) state.get("adam"));
        last = GradientMetrics.restore(state.get("last"));
    }

    @Override
    public String describe() {
        return "CMA-ES + meta-gradient (" + settings.steps() + " Adam step(s) on the " + settings.target().name()
                .toLowerCase(Locale.ROOT) + " every " + settings.every() + " generation(s))";
    }

    @Override
    public String progress() {
        return cma.progress() + "  refine: " + GradientMetrics.progress(last);
    }

    @Override
    public List<String> metricNames() {
        return GradientMetrics.NAMES;
    }

    @Override
    public double[] metrics() {
        return refined ? last.clone() : GradientMetrics.none();
    }
}
