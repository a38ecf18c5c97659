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

    /** Runs to termination, writing into a fresh run folder. */
    public Summary run(GenerationScorer scorer) throws IOException {
        EvolutionSettings ev = config.evolution();
        GenomeLayout layout = context.layout();
        FitnessMetric metric = config.metric();
        PopulationEvaluator evaluator = new PopulationEvaluator(scorer, metric);
        Factory<Genotype<DoubleGene>> factory = () -> GenomeCodec.genotype(
                Genome.random(layout, RandomRegistry.random().nextLong()).genes(), config.geneMin(), config.geneMax());
        Engine<DoubleGene, Double> engine = new Engine.Builder<>(evaluator, factory)
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
        RunOutputs out = new RunOutputs(freshRunDir(), config.resolvedText());
        log.printf("blur-evolve %s: run %s, %d meta-train task(s) %s, genome %s, population %d, scorer %s%n",
                RunOutputs.version(), out.dir(), context.trainTasks().size(),
                context.trainTasks().stream().map(t -> t.name()).toList(), layout.describeLength(), ev.population(),
                scorer.describe());
        long start = System.nanoTime();
        evaluator.generation(0);
        ISeq<Phenotype<DoubleGene, Double>> population = evaluator.eval(initialPopulation(layout));
        Map<String, GenomeFile.Entry> hall = new LinkedHashMap<>();
        double bestSoFar = Double.NEGATIVE_INFINITY;
        int sinceGain = 0;
        long g = 0;
        String reason;
        while (true) {
            double best = record(out, population, g, evaluator, start, hall);
            sinceGain = best > bestSoFar ? 0 : sinceGain + 1;
            bestSoFar = Math.max(bestSoFar, best);
            reason = config.termination().reason(g, evaluator.evaluations(), (System.nanoTime() - start) / 1e9,
                    bestSoFar, sinceGain);
            if (reason != null) {
                break;
            }
            g++;
            evaluator.generation(g);
            EvolutionStart<DoubleGene, Double> from = EvolutionStart.of(population, g);
            EvolutionResult<DoubleGene, Double> result = RandomRegistry.with(
                    new SplittableRandom(Seeds.derive(config.seed(), 5, g)), r -> engine.evolve(from));
            population = result.population();
        }
        Phenotype<DoubleGene, Double> top = population.stream().max(Comparator.comparing(Phenotype::fitness)).orElseThrow();
        log.printf("stopped: %s. Best fitness %.4f; results in %s%n", reason, bestSoFar, out.dir());
        return new Summary(out.dir(), g, evaluator.evaluations(), bestSoFar,
                GenomeCodec.genome(top.genotype(), layout), reason);
    }

    private double record(RunOutputs out, ISeq<Phenotype<DoubleGene, Double>> population, long g,
                          PopulationEvaluator evaluator, long start, Map<String, GenomeFile.Entry> hall) throws IOException {
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
        double wall = (System.nanoTime() - start) / 1e9;
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
