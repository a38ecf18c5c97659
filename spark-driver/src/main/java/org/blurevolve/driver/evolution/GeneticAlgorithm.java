package org.blurevolve.driver.evolution;

import io.jenetics.DoubleGene;
import io.jenetics.EliteSelector;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.engine.Evaluator;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.blurevolve.driver.config.StrategySettings;
import org.blurevolve.genome.Genome;
import org.blurevolve.genome.GenomeLayout;
import org.blurevolve.task.RunSeeds;
import org.blurevolve.task.SeedStream;

/**
 * The genetic algorithm on the Jenetics {@link Engine}, stepped one generation at a time: tournament
 * selection (elites kept), Gaussian-step mutation and block, uniform or no crossover, drawing from
 * stream GA_GENERATION (g). Every member of generation g, survivors and elites included, is scored on
 * generation g's seeds, so all members are compared on the same data (common random numbers) and a
 * survivor's lucky score does not outlive its generation. The first generation is the initial genomes,
 * then random genomes (stream INITIAL_GENOME, i).
 */
public final class GeneticAlgorithm implements OuterStrategy {
    private final StrategySettings.Ga settings;
    private final GenomeCodec codec;
    private final GenomeLayout layout;
    private final RunSeeds seeds;
    private final List<Genome> initial;
    private final RescoringEvaluator evaluator = new RescoringEvaluator();
    private final Engine<DoubleGene, Double> engine;
    private ISeq<Phenotype<DoubleGene, Double>> population;

    GeneticAlgorithm(StrategySettings.Ga settings, GenomeCodec codec, GenomeLayout layout, RunSeeds seeds,
                     List<Genome> initial) {
        this.settings = settings;
        this.codec = codec;
        this.layout = layout;
        this.seeds = seeds;
        this.initial = List.copyOf(initial);
        this.engine = new Engine.Builder<>(evaluator, codec.encoding())
                .populationSize(settings.population())
                .offspringFraction(settings.offspringFraction())
                .offspringSelector(new TournamentSelector<>(settings.tournamentSize()))
                .survivorsSelector(settings.elites() == 0 ? new TournamentSelector<>(settings.tournamentSize())
                        : new EliteSelector<DoubleGene, Double>(settings.elites(),
                                new TournamentSelector<DoubleGene, Double>(settings.tournamentSize())))
                .alterers(new GaussianStepMutator(settings.mutationRate(), settings.mutationSigma()), crossover())
                .maximizing()
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Generation advance(long index, Scoring scoring) {
        Generation scored;
        if (index == 0) {
            List<Genome> genomes = new ArrayList<>();
            for (int i = 0; i < settings.population(); i++) {
                genomes.add(codec.clip(i < initial.size() ? initial.get(i)
                        : Genome.random(layout, seeds.of(SeedStream.INITIAL_GENOME, i))));
            }
            scored = scoring.generation(0, genomes, new long[genomes.size()]);
        } else {
            evaluator.arm(scoring, index);
            scored = RandomRegistry.with(new SplittableRandom(seeds.of(SeedStream.GA_GENERATION, index)),
                    r -> {
                        engine.evolve(EvolutionStart.of(population, index));
                        return evaluator.scored();
                    });
        }
        restore(scored, Map.of());
        return scored;
    }

    @Override
    public Map<String, Object> snapshot() {
        return Map.of();
    }

    @Override
    public void restore(Generation last, Map<String, Object> state) {
        List<Phenotype<DoubleGene, Double>> members = new ArrayList<>();
        for (ScoredGenome m : last.members()) {
            members.add(Phenotype.of(codec.encode(m.genome()), m.born(), m.fitness()));
        }
        population = ISeq.of(members);
    }

    @Override
    public String describe() {
        return "GA";
    }

    @Override
    public String progress() {
        return "";
    }

    private io.jenetics.Alterer<DoubleGene, Double> crossover() {
        return switch (settings.crossover()) {
            case BLOCK -> new BlockCrossover(settings.crossoverRate(), layout);
            case UNIFORM -> new UniformCrossover<>(settings.crossoverRate());
            case NONE -> new GaussianStepMutator(0, 0);
        };
    }

    /**
     * The engine's evaluator. {@code Engine.evolve} calls it twice: first with the start population,
     * already scored on the previous generation's seeds (selection uses those scores, so it is passed
     * through), then with the new population, every member of which is scored on this generation's seeds.
     */
    private final class RescoringEvaluator implements Evaluator<DoubleGene, Double> {
        private Scoring scoring;
        private long index;
        private boolean startSeen;
        private Generation scored;

        void arm(Scoring scoring, long index) {
            this.scoring = scoring;
            this.index = index;
            this.startSeen = false;
            this.scored = null;
        }

        Generation scored() {
            if (scored == null) {
                throw new IllegalStateException("the engine did not evaluate generation " + index);
            }
            return scored;
        }

        @Override
        public ISeq<Phenotype<DoubleGene, Double>> eval(Seq<Phenotype<DoubleGene, Double>> members) {
            if (!startSeen) {
                startSeen = true;
                if (!members.forAll(Phenotype::isEvaluated)) {
                    throw new IllegalStateException("start population of generation " + index + " is not scored");
                }
                return ISeq.of(members);
            }
            List<Genome> genomes = new ArrayList<>();
            long[] born = new long[members.size()];
            for (int i = 0; i < members.size(); i++) {
                genomes.add(codec.decode(members.get(i).genotype()));
                born[i] = members.get(i).generation();
            }
            scored = scoring.generation(index, genomes, born);
            List<Phenotype<DoubleGene, Double>> out = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                out.add(members.get(i).withFitness(scored.members().get(i).fitness()));
            }
            return ISeq.of(out);
        }
    }
}
