package org.blurevolve.driver.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.blurevolve.BadInputException;
import org.blurevolve.driver.config.ExperimentConfig;
import org.blurevolve.driver.evolution.Generation;
import org.blurevolve.driver.evolution.HallOfFame;
import org.blurevolve.driver.evolution.OuterStrategy;
import org.blurevolve.driver.evolution.Scoring;
import org.blurevolve.driver.output.Provenance;
import org.blurevolve.driver.output.RunRecorder;
import org.blurevolve.driver.scoring.GenerationScorer;
import org.blurevolve.fitness.PlanEvaluator;
import org.blurevolve.fitness.TaskSet;
import org.blurevolve.genome.Genome;
import org.blurevolve.io.AtomicFiles;
import org.blurevolve.task.Task;

/**
 * One evolution run (docs/architecture.md): the strategy advances a generation through the scorer,
 * the best genome is meta-tested through the same scorer every few generations, the recorder writes
 * the run folder and the store the checkpoints, until the termination says stop. Knows nothing of
 * which strategy runs. Not thread-safe.
 */
public final class EvolutionRun {
    /** What a finished run reports. */
    public record Summary(Path runDir, long generations, long evaluations, double bestFitness, Genome best,
                          String stopReason) {
    }

    private final ExperimentConfig config;
    private final PrintStream log;

    public EvolutionRun(ExperimentConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    /** Runs to termination from {@code initial} (see {@link InitialPopulation}), in a fresh run folder. */
    public Summary start(GenerationScorer scorer, List<Genome> initial) throws IOException {
        if (initial.size() > config.strategy().population()) {
            log.printf("note: %d initial genomes given, population is %d; the first %d are used%n", initial.size(),
                    config.strategy().population(), config.strategy().population());
        }
        Path runDir = freshRunDir();
        OuterStrategy strategy = OuterStrategy.of(config, initial);
        RunRecorder recorder;
        try {
            recorder = RunRecorder.create(runDir, config, taskNames(), strategy.metricNames(), log);
        } catch (IOException e) {
            throw new BadInputException(config.source() + ": output-dir = " + config.outputDir() + ": cannot create the"
                    + " run folder " + runDir + " (" + e.getMessage() + "); choose a writable folder");
        }
        announce(recorder, scorer, strategy, "run");
        long start = System.nanoTime();
        Scoring scoring = new Scoring(scorer, config.metric());
        Generation first;
        try {
            first = strategy.advance(0, scoring);
        } catch (BadInputException e) {
            // e.g. a dataset file that fails its checksum on an executor: nothing was run, leave nothing
            recorder.discardUnused();
            throw e;
        }
        if (first.failed() == first.members().size()) {
            throw new BadInputException(config.source() + ": every evaluation of generation 0 failed (not diverged:"
                    + " the evaluation itself broke, e.g. out of memory or unreadable data; the first error is printed"
                    + " above, or in the executor logs); the run stops in " + runDir);
        }
        HallOfFame hall = new HallOfFame(config.hallOfFame(), List.of(), g -> objective(strategy, g));
        RunState state = RunState.first(first, seconds(0, start));
        record(recorder, scorer, first, state, hall, strategy);
        return loop(recorder, scorer, strategy, scoring, state, first, hall, start);
    }

    /** Continues the run in {@code runDir} from {@code cp}, ending as an uninterrupted run would. */
    public Summary resume(GenerationScorer scorer, Path runDir, Checkpoint cp) throws IOException {
        if (!cp.experiment().sameAs(config, false)) {
            throw new BadInputException(runDir + ": the checkpoint was written for a different experiment; resume with"
                    + " `blur resume " + runDir + "` (it reads the run's own config.conf; only termination may change)");
        }
        OuterStrategy strategy = OuterStrategy.of(config, List.of());
        RunRecorder recorder = RunRecorder.reopen(runDir, config, cp.state().generation(), taskNames(),
                strategy.metricNames(), log);
        if (!cp.experiment().sameAs(config, true)) {
            AtomicFiles.write(runDir.resolve("config.conf"), config.resolvedText() + "\n");
        }
        strategy.restore(cp.last(), cp.strategy());
        announce(recorder, scorer, strategy, "resuming after generation " + cp.state().generation() + " of run");
        return loop(recorder, scorer, strategy, new Scoring(scorer, config.metric()), cp.state(), cp.last(),
                new HallOfFame(config.hallOfFame(), cp.hallOfFame(), g -> objective(strategy, g)), System.nanoTime());
    }

    private Summary loop(RunRecorder recorder, GenerationScorer scorer, OuterStrategy strategy, Scoring scoring,
                         RunState state, Generation last, HallOfFame hall, long start) throws IOException {
        double before = state.elapsedSeconds();
        String reason;
        try (CheckpointStore checkpoints = new CheckpointStore(recorder.dir().resolve("checkpoints"),
                config.checkpoints().every(), config.checkpoints().keep(), log)) {
            while (true) {
                state = new RunState(state.generation(), state.evaluations(), state.bestSoFar(), state.sinceGain(),
                        seconds(before, start));
                checkpoints.offer(new Checkpoint(state, last, hall.entries(), strategy.snapshot(), config));
                Optional<String> stop = config.termination().reason(state.generation(), state.evaluations(),
                        state.elapsedSeconds(), state.bestSoFar(), state.sinceGain());
                if (stop.isPresent()) {
                    reason = stop.get();
                    break;
                }
                last = strategy.advance(state.generation() + 1, scoring);
                state = state.after(last, seconds(before, start),
                        objective(strategy, last.index()).equals(objective(strategy, last.index() - 1)));
                record(recorder, scorer, last, state, hall, strategy);
            }
        }
        log.printf("stopped: %s. Best fitness %.4f; results in %s%n", reason, state.bestSoFar(), recorder.dir());
        return new Summary(recorder.dir(), state.generation(), state.evaluations(), state.bestSoFar(),
                last.best().genome(), reason);
    }

    private void record(RunRecorder recorder, GenerationScorer scorer, Generation g, RunState state, HallOfFame hall,
                        OuterStrategy strategy) throws IOException {
        hall.update(g);
        recorder.record(g, state.evaluations(), state.elapsedSeconds(), metaTest(scorer, g), hall, strategy.progress(),
                strategy.metrics(), generation -> objective(strategy, generation));
    }

    /**
     * What generation g's meta-train fitness measures: its horizons (a curriculum changes them), as the
     * strategy scores them.
     */
    private List<Integer> objective(OuterStrategy strategy, long g) {
        return strategy.horizons(g, config.curriculum().horizonsAt(config.unroll().horizons(), g));
    }

    /** The meta-test fitness of the generation's best genome, scored through the scorer; NaN when not due. */
    private double metaTest(GenerationScorer scorer, Generation g) {
        int every = config.metaTestEvery();
        if (config.metaTest().isEmpty() || every == 0 || g.index() % every != 0) {
            return Double.NaN;
        }
        return scorer.score(List.of(g.best().genome()), TaskSet.META_TEST, g.index()).get(0).fitness(config.metric());
    }

    private static double seconds(double before, long start) {
        return before + (System.nanoTime() - start) / 1e9;
    }

    private List<String> taskNames() {
        return config.evaluator().tasks(TaskSet.META_TRAIN).stream().map(Task::name).toList();
    }

    private void announce(RunRecorder recorder, GenerationScorer scorer, OuterStrategy strategy, String what) {
        List<String> tasks = taskNames();
        log.printf("blur-evolve %s (%s): %s %s, %s, %d meta-train task(s) %s, genome %s, population %d, scorer %s%n",
                Provenance.programVersion(), Provenance.gitCommit(), what, recorder.dir(), strategy.describe(), tasks.size(),
                tasks, config.layout().describeLength(), config.strategy().population(), scorer.describe());
    }

    /** {@code <output-dir>/<name>}, or {@code <name>-2}, {@code -3}, … when that folder already exists. */
    private Path freshRunDir() {
        Path dir = config.runDir();
        for (int i = 2; Files.exists(dir); i++) {
            dir = config.runDir().resolveSibling(config.name() + "-" + i);
        }
        return dir;
    }
}
