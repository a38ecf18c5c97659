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
import org.blurevolve.fitness.FitnessMetric;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeFile;
import org.blurevolve.genome.GenomeFormatException;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.task.Seeds;

/**
 * One evolution run: a Jenetics engine whose evaluator is a {@link GenerationScorer}, stepped one
 * generation at a time. Generation g's selection and alteration draw from a generator seeded by
 * (run seed, g) on this thread only, and its evaluations use (run seed, g, task) seeds, so the run
 * replays exactly from its conf and seed whatever the scorer. Writes the run folder as it goes.
 */
public final class EvolutionRun {
    /** What a finished run reports. */
    public record Summary(Path runDir, long generations, long evaluations, double bestFitness, Genome best,
                          String stopReason) {
    }

    private final ExperimentConfig config;
    private final ExperimentContext context;
    private final PrintStream log;

    public EvolutionRun(ExperimentConfig config, PrintStream log) {
        this.config = config;
        this.context = ExperimentContext.of(config);
        this.log = log;
    }

    public ExperimentContext context() {
        return context;
    }

    /** The state between generations: what a checkpoint saves. */
    private static final class State {
        ISeq<Phenotype<DoubleGene, Double>> population;
        long generation;
        double bestSoFar = Double.NEGATIVE_INFINITY;
        int sinceGain;
        double elapsedBefore;
        final Map<String, GenomeFile.Entry> hall = new LinkedHashMap<>();
    }

    /** Runs to termination, writing into a fresh run folder. */
    public Summary run(GenerationScorer scorer) throws IOException {
        ISeq<Phenotype<DoubleGene, Double>> initial = initialPopulation(context.layout());
        Path runDir = freshRunDir();
        RunOutputs out;
        try {
            out = RunOutputs.create(runDir, config.resolvedText());
        } catch (IOException e) {
            throw new ConfigError(config.source() + ": output-dir = " + config.outputDir() + ": cannot create the run folder "
                    + runDir + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); choose a writable folder");
        }
        PopulationEvaluator evaluator = new PopulationEvaluator(scorer, config.metric());
        announce(out, scorer, "run");
        long start = System.nanoTime();
        State state = new State();
        evaluator.generation(0);
        state.population = evaluator.eval(initial);
        double best = record(out, state, evaluator, start);
        state.sinceGain = 0;
        state.bestSoFar = best;
        return loop(out, state, evaluator, start);
    }

    /** Continues the run in {@code runDir} from its checkpoint, ending as an uninterrupted run would. */
    public Summary resume(GenerationScorer scorer, Path runDir, Checkpoint cp) throws IOException {
        if (!cp.resolvedConfig().equals(config.resolvedText())) {
            throw new ConfigError(runDir + ": the checkpoint was written for a different experiment; resume with"
                    + " `blur resume " + runDir + "` (it reads the run's own config.conf)");
        }
        RunOutputs out = RunOutputs.reopen(runDir, cp.generation());
        PopulationEvaluator evaluator = new PopulationEvaluator(scorer, config.metric());
        evaluator.evaluations(cp.evaluations());
        announce(out, scorer, "resuming after generation " + cp.generation() + " of run");
        State state = new State();
        state.generation = cp.generation();
        state.bestSoFar = cp.bestSoFar();
        state.sinceGain = cp.sinceGain();
        state.elapsedBefore = cp.elapsedSeconds();
        List<Phenotype<DoubleGene, Double>> members = new ArrayList<>();
        for (Checkpoint.Member m : cp.population()) {
            members.add(Phenotype.of(GenomeCodec.genotype(m.genes(), config.geneMin(), config.geneMax()), m.born(),
                    m.fitness()));
        }
        state.population = ISeq.of(members);
        for (Checkpoint.Member m : cp.hallOfFame()) {
            state.hall.put(java.util.Arrays.toString(m.genes()), entry(m.genes(), m.born(), m.fitness()));
        }
        return loop(out, state, evaluator, System.nanoTime());
    }

    private void announce(RunOutputs out, GenerationScorer scorer, String what) {
        log.printf("blur-evolve %s: %s %s, %d meta-train task(s) %s, genome %s, population %d, scorer %s%n",
                RunOutputs.version(), what, out.dir(), context.trainTasks().size(),
                context.trainTasks().stream().map(t -> t.name()).toList(), context.layout().describeLength(),
                config.evolution().population(), scorer.describe());
    }

    private Summary loop(RunOutputs out, State state, PopulationEvaluator evaluator, long start) throws IOException {
        Engine<DoubleGene, Double> engine = engine(evaluator);
        Path checkpoints = out.dir().resolve("checkpoints");
        Object lock = new Object();
        Checkpoint[] pending = new Checkpoint[1];
        long[] written = {-1};
        Thread onTerm = new Thread(() -> {
            synchronized (lock) {
                if (pending[0] != null && pending[0].generation() > written[0]) {
                    try {
                        pending[0].write(checkpoints, config.checkpointKeep());
                        log.printf("SIGTERM: wrote checkpoint after generation %d%n", pending[0].generation());
                    } catch (IOException e) {
                        log.printf("SIGTERM: could not write checkpoint: %s%n", e.getMessage());
                    }
                }
            }
        }, "blur-checkpoint-on-exit");
        Runtime.getRuntime().addShutdownHook(onTerm);
        String reason;
        try {
            while (true) {
                double seconds = state.elapsedBefore + (System.nanoTime() - start) / 1e9;
                Checkpoint cp = checkpoint(state, evaluator, seconds);
                synchronized (lock) {
                    pending[0] = cp;
                    if (state.generation % config.checkpointEvery() == 0) {
                        cp.write(checkpoints, config.checkpointKeep());
                        written[0] = state.generation;
                    }
                }
                reason = config.termination().reason(state.generation, evaluator.evaluations(), seconds,
                        state.bestSoFar, state.sinceGain);
                if (reason != null) {
                    break;
                }
                state.generation++;
                long g = state.generation;
                evaluator.generation(g);
                EvolutionStart<DoubleGene, Double> from = EvolutionStart.of(state.population, g);
                EvolutionResult<DoubleGene, Double> result = RandomRegistry.with(
                        new SplittableRandom(Seeds.derive(config.seed(), 5, g)), r -> engine.evolve(from));
                state.population = result.population();
                double best = record(out, state, evaluator, start);
                state.sinceGain = best > state.bestSoFar ? 0 : state.sinceGain + 1;
                state.bestSoFar = Math.max(state.bestSoFar, best);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onTerm);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it writes the checkpoint
            }
        }
        Phenotype<DoubleGene, Double> top = state.population.stream().max(Comparator.comparing(Phenotype::fitness))
                .orElseThrow();
        log.printf("stopped: %s. Best fitness %.4f; results in %s%n", reason, state.bestSoFar, out.dir());
        return new Summary(out.dir(), state.generation, evaluator.evaluations(), state.bestSoFar,
                GenomeCodec.genome(top.genotype(), context.layout()), reason);
    }

    private Checkpoint checkpoint(State state, PopulationEvaluator evaluator, double seconds) {
        List<Checkpoint.Member> members = state.population.stream().map(p -> new Checkpoint.Member(
                GenomeCodec.genes(p.genotype()), p.fitness(), p.generation())).toList();
        List<Checkpoint.Member> hall = state.hall.values().stream().map(e -> new Checkpoint.Member(e.genome().genes(),
                ((Number) e.provenance().get("fitness")).doubleValue(),
                ((Number) e.provenance().get("generation")).longValue())).toList();
        return new Checkpoint(state.generation, evaluator.evaluations(), seconds, state.bestSoFar, state.sinceGain,
                members, hall, config.resolvedText(), config.source());
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
        ISeq<Phenotype<DoubleGene, Double>> population = state.population;
        long g = state.generation;
        Map<String, GenomeFile.Entry> hall = state.hall;
        double[] fitness = population.stream().mapToDouble(Phenotype::fitness).toArray();
        double[] s = GenerationRecord.stats(fitness);
        Phenotype<DoubleGene, Double> top = population.stream().max(Comparator.comparing(Phenotype::fitness)).orElseThrow();
        double[] genes = GenomeCodec.genes(top.genotype());
        double metaTest = Double.NaN;
        int every = config.evolution().metaTestEvery();
        if (!context.testTasks().isEmpty() && every > 0 && g % every == 0) {
            double sum = 0;
            for (int t = 0; t < context.testTasks().size(); t++) {
                sum += context.evaluateTest(genes, t, g).fitness(config.metric());
            }
            metaTest = sum / context.testTasks().size();
        }
        double wall = state.elapsedBefore + (System.nanoTime() - start) / 1e9;
        GenerationRecord r = new GenerationRecord(g, evaluator.evaluations(), s[0], s[1], s[2], s[3],
                evaluator.lastDiverged(), evaluator.lastFailed(), wall, evaluator.lastSeconds(), metaTest);
        out.append(r);
        for (Phenotype<DoubleGene, Double> p : population) {
            if (Double.isFinite(p.fitness())) {
                double[] pg = GenomeCodec.genes(p.genotype());
                hall.putIfAbsent(java.util.Arrays.toString(pg), entry(pg, g, p.fitness()));
            }
        }
        List<GenomeFile.Entry> ranked = new ArrayList<>(hall.values());
        ranked.sort(Comparator.comparing((GenomeFile.Entry e) -> -((Number) e.provenance().get("fitness")).doubleValue()));
        hall.clear();
        ranked.stream().limit(config.evolution().hallOfFame())
                .forEach(e -> hall.put(java.util.Arrays.toString(e.genome().genes()), e));
        if (!ranked.isEmpty()) {
            out.bestGenome(ranked.get(0));
            out.hallOfFame(new ArrayList<>(hall.values()));
        }
        out.plot(config.name() + ": fitness (" + config.metric().name().toLowerCase() + ")");
        progress(r, wall, g);
        return s[0];
    }

    private GenomeFile.Entry entry(double[] genes, long g, double fitness) {
        return new GenomeFile.Entry(new Genome(context.layout(), genes),
                RunOutputs.provenance(config.name(), config.seed(), config.source(), g, fitness));
    }

    private void progress(GenerationRecord r, double wall, long g) {
        int total = config.termination().generations();
        String eta = total > 0 && g > 0 ? String.format("  ETA %.0f s", wall / g * (total - g)) : "";
        log.printf("gen %d%s  best %.4f  mean %.4f  diverged %d  failed %d  evals %d  job %.2f s%s%s%n", g,
                total > 0 ? "/" + total : "", r.best(), r.mean(), r.diverged(), r.failed(), r.evaluations(),
                r.jobSeconds(), Double.isFinite(r.metaTest()) ? String.format("  meta-test %.4f", r.metaTest()) : "",
                eta);
    }

    private Alterer<DoubleGene, Double> crossover(EvolutionSettings ev, GenomeLayout layout) {
        return switch (ev.crossover()) {
            case "uniform" -> new UniformCrossover<>(ev.crossoverRate());
            case "none" -> new GaussianStepMutator(0, 0);
            default -> new BlockCrossover(ev.crossoverRate(), layout);
        };
    }

    /** Files, inline genomes and the backprop genome first, filled up with seeded random genomes. */
    private ISeq<Phenotype<DoubleGene, Double>> initialPopulation(GenomeLayout layout) {
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
        List<Phenotype<DoubleGene, Double>> out = new ArrayList<>();
        for (int i = 0; i < ev.population(); i++) {
            double[] v = i < genomes.size() ? genomes.get(i)
                    : Genome.random(layout, Seeds.derive(config.seed(), 3, i)).genes();
            out.add(Phenotype.of(GenomeCodec.genotype(v, config.geneMin(), config.geneMax()), 0));
        }
        if (genomes.size() > ev.population()) {
            log.printf("note: %d initial genomes given, population is %d; the first %d are used%n",
                    genomes.size(), ev.population(), ev.population());
        }
        return ISeq.of(out);
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
