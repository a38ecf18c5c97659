package org.blurevolve.driver.evolution;

import io.jenetics.Alterer;
import io.jenetics.DoubleGene;
import io.jenetics.EliteSelector;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.util.Factory;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.blurevolve.driver.config.ConfigError;
import org.blurevolve.driver.config.EvolutionSettings;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.output.GenerationRecord;
import org.blurevolve.driver.output.RunOutputs;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeFile;
import org.blurevolve.genome.GenomeFormatException;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.task.Seeds;

/**
 * One evolution run with either outer strategy: the Jenetics GA (an engine whose evaluator is a
 * {@link GenerationScorer}, stepped one generation at a time) or {@link CmaEs}. Generation g's
 * selection, alteration or sampling draws from a generator seeded by (run seed, g) on this thread,
 * and its evaluations use (run seed, g, task) seeds, so a run replays exactly from its conf and
 * seed whatever the scorer, and resumes exactly from a checkpoint. Writes the run folder as it goes.
 */
public final class EvolutionRun {
    /** What a finished run reports. */
    public record Summary(Path runDir, long generations, long evaluations, double bestFitness, Genome best,
                          String stopReason) {
    }

    /** The state between generations: what a checkpoint saves. */
    private static final class State {
        ISeq<Phenotype<DoubleGene, Double>> population;
        CmaEs cma;
        List<double[]> candidates = List.of();
        double[] fitness = new double[0];
        long generation;
        double bestSoFar = Double.NEGATIVE_INFINITY;
        int sinceGain;
        double elapsedBefore;
        final Map<String, GenomeFile.Entry> hall = new LinkedHashMap<>();
    }

    private final ExperimentConfig config;
    private final ExperimentContext context;
    private final PrintStream log;

    public EvolutionRun(ExperimentConfig config, PrintStream log) {
        this.config = config;
        this.context = ExperimentContext.of(config);
        this.log = log;
    }

    /** Runs to termination, writing into a fresh run folder. */
    public Summary run(GenerationScorer scorer) throws IOException {
        List<double[]> initial = initialGenomes(context.layout());
        Path runDir = freshRunDir();
        RunOutputs out;
        try {
            out = RunOutputs.create(runDir, config.resolvedText(), taskNames());
        } catch (IOException e) {
            throw new ConfigError(config.source() + ": output-dir = " + config.outputDir() + ": cannot create the run folder "
                    + runDir + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); choose a writable folder");
        }
        PopulationEvaluator evaluator = new PopulationEvaluator(scorer, config.metric());
        announce(out, scorer, "run");
        long start = System.nanoTime();
        State state = new State();
        if (config.evolution().cmaEs()) {
            double[] mean = initial.isEmpty() ? Genome.random(context.layout(), Seeds.derive(config.seed(), 3, 0)).genes()
                    : initial.get(0);
            state.cma = new CmaEs(mean, config.evolution().cmaSigma(), config.evolution().population(),
                    config.evolution().separable(mean.length));
            cmaGeneration(state, evaluator);
        } else {
            List<Phenotype<DoubleGene, Double>> members = new ArrayList<>();
            for (int i = 0; i < config.evolution().population(); i++) {
                double[] v = i < initial.size() ? initial.get(i)
                        : Genome.random(context.layout(), Seeds.derive(config.seed(), 3, i)).genes();
                members.add(Phenotype.of(GenomeCodec.genotype(v, config.geneMin(), config.geneMax()), 0));
            }
            evaluator.generation(0);
            state.population = evaluator.eval(ISeq.of(members));
            fromPopulation(state);
        }
        state.bestSoFar = record(out, state, evaluator, start);
        return loop(out, state, evaluator, start);
    }

    /** Continues the run in {@code runDir} from its checkpoint, ending as an uninterrupted run would. */
    public Summary resume(GenerationScorer scorer, Path runDir, Checkpoint cp) throws IOException {
        if (!withoutTermination(cp.resolvedConfig()).equals(withoutTermination(config.resolvedText()))) {
            throw new ConfigError(runDir + ": the checkpoint was written for a different experiment; resume with"
                    + " `blur resume " + runDir + "` (it reads the run's own config.conf; only termination may change)");
        }
        RunOutputs out = RunOutputs.reopen(runDir, cp.generation(), taskNames());
        if (!cp.resolvedConfig().equals(config.resolvedText())) {
            GenomeFile.writeAtomically(runDir.resolve("config.conf"), config.resolvedText() + "\n");
        }
        PopulationEvaluator evaluator = new PopulationEvaluator(scorer, config.metric());
        evaluator.evaluations(cp.evaluations());
        announce(out, scorer, "resuming after generation " + cp.generation() + " of run");
        State state = new State();
        state.generation = cp.generation();
        state.bestSoFar = cp.bestSoFar();
        state.sinceGain = cp.sinceGain();
        state.elapsedBefore = cp.elapsedSeconds();
        state.candidates = cp.population().stream().map(Checkpoint.Member::genes).toList();
        for (Checkpoint.Member m : cp.population()) {
            if (m.perTask().length > 0) {
                evaluator.remember(m.genes(), m.fitness(), m.perTask());
            }
        }
        state.fitness = cp.population().stream().mapToDouble(Checkpoint.Member::fitness).toArray();
        if (config.evolution().cmaEs()) {
            state.cma = new CmaEs(new double[context.layout().length()], config.evolution().cmaSigma(),
                    config.evolution().population(), config.evolution().separable(context.layout().length()));
            state.cma.restore(cp.strategy());
        } else {
            List<Phenotype<DoubleGene, Double>> members = new ArrayList<>();
            for (Checkpoint.Member m : cp.population()) {
                members.add(Phenotype.of(GenomeCodec.genotype(m.genes(), config.geneMin(), config.geneMax()), m.born(),
                        m.fitness()));
            }
            state.population = ISeq.of(members);
        }
        for (Checkpoint.Member m : cp.hallOfFame()) {
            state.hall.put(Arrays.toString(m.genes()), entry(m.genes(), m.born(), m.fitness()));
        }
        return loop(out, state, evaluator, System.nanoTime());
    }

    private List<String> taskNames() {
        return context.trainTasks().stream().map(t -> t.name()).toList();
    }

    /** The resolved experiment without its termination section: what must match to continue a run. */
    static String withoutTermination(String resolvedText) {
        return com.typesafe.config.ConfigFactory.parseString(resolvedText).withoutPath("blur.termination").root()
                .render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    private void announce(RunOutputs out, GenerationScorer scorer, String what) {
        log.printf("blur-evolve %s: %s %s, %s, %d meta-train task(s) %s, genome %s, population %d, scorer %s%n",
                RunOutputs.version(), what, out.dir(), config.evolution().cmaEs() ? "CMA-ES" : "GA",
                context.trainTasks().size(), context.trainTasks().stream().map(t -> t.name()).toList(),
                context.layout().describeLength(), config.evolution().population(), scorer.describe());
    }

    private Summary loop(RunOutputs out, State state, PopulationEvaluator evaluator, long start) throws IOException {
        Engine<DoubleGene, Double> engine = config.evolution().cmaEs() ? null : engine(evaluator);
        String reason;
        try (CheckpointWriter checkpoints = new CheckpointWriter(out.dir().resolve("checkpoints"),
                config.checkpointEvery(), config.checkpointKeep(), log)) {
            while (true) {
                double seconds = state.elapsedBefore + (System.nanoTime() - start) / 1e9;
                checkpoints.offer(checkpoint(state, evaluator, seconds));
                reason = config.termination().reason(state.generation, evaluator.evaluations(), seconds,
                        state.bestSoFar, state.sinceGain);
                if (reason != null) {
                    break;
                }
                state.generation++;
                if (engine == null) {
                    cmaGeneration(state, evaluator);
                } else {
                    long g = state.generation;
                    evaluator.generation(g);
                    EvolutionStart<DoubleGene, Double> from = EvolutionStart.of(state.population, g);
                    EvolutionResult<DoubleGene, Double> result = RandomRegistry.with(
                            new SplittableRandom(Seeds.derive(config.seed(), 5, g)), r -> engine.evolve(from));
                    state.population = result.population();
                    fromPopulation(state);
                }
                double best = record(out, state, evaluator, start);
                state.sinceGain = best > state.bestSoFar ? 0 : state.sinceGain + 1;
                state.bestSoFar = Math.max(state.bestSoFar, best);
            }
        }
        int top = 0;
        for (int i = 1; i < state.fitness.length; i++) {
            top = state.fitness[i] > state.fitness[top] ? i : top;
        }
        log.printf("stopped: %s. Best fitness %.4f; results in %s%n", reason, state.bestSoFar, out.dir());
        return new Summary(out.dir(), state.generation, evaluator.evaluations(), state.bestSoFar,
                new Genome(context.layout(), state.candidates.get(top)), reason);
    }

    /** One CMA-ES generation: sample λ genomes from (seed, g), score them clipped to the gene range, update. */
    private void cmaGeneration(State state, PopulationEvaluator evaluator) {
        double[][] raw = state.cma.ask(new SplittableRandom(Seeds.derive(config.seed(), 9, state.generation)));
        List<double[]> clipped = new ArrayList<>();
        List<Phenotype<DoubleGene, Double>> members = new ArrayList<>();
        for (double[] x : raw) {
            Genotype<DoubleGene> gt = GenomeCodec.genotype(x, config.geneMin(), config.geneMax());
            clipped.add(GenomeCodec.genes(gt));
            members.add(Phenotype.of(gt, state.generation));
        }
        evaluator.generation(state.generation);
        ISeq<Phenotype<DoubleGene, Double>> scored = evaluator.eval(ISeq.of(members));
        double[] fitness = scored.stream().mapToDouble(Phenotype::fitness).toArray();
        state.cma.tell(raw, fitness);
        state.candidates = clipped;
        state.fitness = fitness;
    }

    private static void fromPopulation(State state) {
        state.candidates = state.population.stream().map(p -> GenomeCodec.genes(p.genotype())).toList();
        state.fitness = state.population.stream().mapToDouble(Phenotype::fitness).toArray();
    }

    private Checkpoint checkpoint(State state, PopulationEvaluator evaluator, double seconds) {
        List<Checkpoint.Member> members = new ArrayList<>();
        for (int i = 0; i < state.candidates.size(); i++) {
            long born = state.population != null ? state.population.get(i).generation() : state.generation;
            double[] perTask = evaluator.perTaskOf(state.candidates.get(i), state.fitness[i]);
            members.add(new Checkpoint.Member(state.candidates.get(i), state.fitness[i], born,
                    perTask == null ? new double[0] : perTask));
        }
        List<Checkpoint.Member> hall = state.hall.values().stream().map(e -> new Checkpoint.Member(e.genome().genes(),
                ((Number) e.provenance().get("fitness")).doubleValue(),
                ((Number) e.provenance().get("generation")).longValue())).toList();
        return new Checkpoint(state.generation, evaluator.evaluations(), seconds, state.bestSoFar, state.sinceGain,
                members, hall, config.resolvedText(), config.source(), state.cma == null ? Map.of() : state.cma.state());
    }

    private Engine<DoubleGene, Double> engine(PopulationEvaluator evaluator) {
        EvolutionSettings ev = config.evolution();
        GenomeLayout layout = context.layout();
        Factory<Genotype<DoubleGene>> factory = () -> GenomeCodec.genotype(
                Genome.random(layout, RandomRegistry.random().nextLong()).genes(), config.geneMin(), config.geneMax());
        return new Engine.Builder<>(evaluator, factory)
                .populationSize(ev.population())
                .offspringFraction(ev.offspringFraction())
                .offspringSelector(new TournamentSelector<>(ev.tournamentSize()))
                .survivorsSelector(ev.elites() == 0 ? new TournamentSelector<>(ev.tournamentSize())
                        : new EliteSelector<DoubleGene, Double>(ev.elites(),
                                new TournamentSelector<DoubleGene, Double>(ev.tournamentSize())))
                .alterers(new GaussianStepMutator(ev.mutationRate(), ev.mutationSigma()), crossover(ev, layout))
                .maximizing()
                .executor(Runnable::run)
                .build();
    }

    /** Writes a generation's metrics, best genome, hall of fame and plot; returns its best fitness. */
    private double record(RunOutputs out, State state, PopulationEvaluator evaluator, long start) throws IOException {
        long g = state.generation;
        double[] s = GenerationRecord.stats(state.fitness);
        int top = 0;
        for (int i = 1; i < state.fitness.length; i++) {
            top = state.fitness[i] > state.fitness[top] ? i : top;
        }
        double metaTest = Double.NaN;
        int every = config.evolution().metaTestEvery();
        if (!context.testTasks().isEmpty() && every > 0 && g % every == 0) {
            double sum = 0;
            for (int t = 0; t < context.testTasks().size(); t++) {
                sum += context.evaluateTest(state.candidates.get(top), t, g).fitness(config.metric());
            }
            metaTest = sum / context.testTasks().size();
        }
        double wall = state.elapsedBefore + (System.nanoTime() - start) / 1e9;
        double[] perTask = new double[context.trainTasks().size()];
        java.util.Arrays.fill(perTask, Double.NaN);
        double[] known = evaluator.perTaskOf(state.candidates.get(top), state.fitness[top]);
        if (known != null) {
            perTask = known;
        }
        GenerationRecord r = new GenerationRecord(g, evaluator.evaluations(), s[0], s[1], s[2], s[3],
                evaluator.lastDiverged(), evaluator.lastFailed(), wall, evaluator.lastSeconds(), metaTest, perTask);
        out.append(r);
        Map<String, GenomeFile.Entry> hall = state.hall;
        for (int i = 0; i < state.candidates.size(); i++) {
            if (Double.isFinite(state.fitness[i])) {
                hall.putIfAbsent(Arrays.toString(state.candidates.get(i)), entry(state.candidates.get(i), g, state.fitness[i]));
            }
        }
        List<GenomeFile.Entry> ranked = new ArrayList<>(hall.values());
        ranked.sort(Comparator.comparing((GenomeFile.Entry e) -> -((Number) e.provenance().get("fitness")).doubleValue()));
        hall.clear();
        ranked.stream().limit(config.evolution().hallOfFame()).forEach(e -> hall.put(Arrays.toString(e.genome().genes()), e));
        if (!ranked.isEmpty()) {
            out.bestGenome(ranked.get(0));
            out.hallOfFame(new ArrayList<>(hall.values()));
        }
        out.plot(config.name() + ": fitness (" + config.metric().name().toLowerCase() + ")");
        progress(r, wall, g, state);
        return s[0];
    }

    private GenomeFile.Entry entry(double[] genes, long g, double fitness) {
        return new GenomeFile.Entry(new Genome(context.layout(), genes),
                RunOutputs.provenance(config.name(), config.seed(), config.source(), g, fitness));
    }

    private void progress(GenerationRecord r, double wall, long g, State state) {
        int total = config.termination().generations();
        String eta = total > 0 && g > 0 ? String.format("  ETA %.0f s", wall / g * (total - g)) : "";
        log.printf("gen %d%s  best %.4f  mean %.4f  diverged %d  failed %d  evals %d  job %.2f s%s%s%s%n", g,
                total > 0 ? "/" + total : "", r.best(), r.mean(), r.diverged(), r.failed(), r.evaluations(),
                r.jobSeconds(), Double.isFinite(r.metaTest()) ? String.format("  meta-test %.4f", r.metaTest()) : "",
                state.cma != null ? String.format("  σ %.3g", state.cma.sigma()) : "", eta);
    }

    private Alterer<DoubleGene, Double> crossover(EvolutionSettings ev, GenomeLayout layout) {
        return switch (ev.crossover()) {
            case "uniform" -> new UniformCrossover<>(ev.crossoverRate());
            case "none" -> new GaussianStepMutator(0, 0);
            default -> new BlockCrossover(ev.crossoverRate(), layout);
        };
    }

    /** Genomes from files, inline vectors and the backprop genome, checked against the layout. */
    private List<double[]> initialGenomes(GenomeLayout layout) {
        EvolutionSettings ev = config.evolution();
        List<double[]> genomes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path f : ev.initialFiles()) {
            try {
                for (GenomeFile.Entry e : GenomeFile.read(f)) {
                    if (!e.genome().layout().equals(layout)) {
                        problems.add(f + ": genome layout " + e.genome().layout().describeLength()
                                + " does not match this experiment's " + layout.describeLength());
                    } else {
                        genomes.add(e.genome().genes());
                    }
                }
            } catch (GenomeFormatException e) {
                problems.add(e.getMessage());
            }
        }
        for (int i = 0; i < ev.initialGenomes().size(); i++) {
            double[] v = ev.initialGenomes().get(i);
            if (v.length != layout.length()) {
                problems.add(config.source() + ": evolution.initial-population.genomes[" + i + "] has " + v.length
                        + " genes, expected " + layout.describeLength());
            } else {
                genomes.add(v);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigError(problems);
        }
        if (ev.backpropRate() != 0) {
            genomes.add(Genome.backprop(ev.backpropRate()).withLayout(layout).genes());
        }
        if (genomes.size() > ev.population()) {
            log.printf("note: %d initial genomes given, population is %d; the first %d are used%n",
                    genomes.size(), ev.population(), ev.population());
        }
        return genomes;
    }

    /** {@code <output-dir>/<name>}, or {@code <name>-2}, {@code -3}, … when that folder already holds a run. */
    private Path freshRunDir() {
        Path dir = config.runDir();
        for (int i = 2; Files.exists(dir); i++) {
            dir = config.runDir().resolveSibling(config.name() + "-" + i);
        }
        return dir;
    }
}
