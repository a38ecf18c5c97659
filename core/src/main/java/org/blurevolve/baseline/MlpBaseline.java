package org.blurevolve.baseline;

import java.util.ArrayList;
import java.util.List;
import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;
import org.blurevolve.fitness.HorizonScores;
import org.blurevolve.fitness.InnerLoop;
import org.blurevolve.fitness.QueryMode;
import org.blurevolve.fitness.QueryScore;
import org.blurevolve.fitness.UnrollSettings;
import org.blurevolve.network.Activation;
import org.blurevolve.network.NetworkSpec;
import org.blurevolve.network.SynapseInit;
import org.blurevolve.task.Batch;
import org.blurevolve.task.Episode;
import org.blurevolve.task.Seeds;
import org.blurevolve.task.Task;

/**
 * The gradient baselines of docs/model.md §8 on the same MLP a BLUR network would use: the spec's layer
 * sizes, hidden activation {@code hidden} (its derivative from the exact function), a linear output,
 * softmax cross-entropy averaged over the batch (logistic loss for one output), optionally batch
 * normalisation of the hidden layers ({@link BatchNorm}), the same synapse init (channel 0 of the
 * replica's F, seed (seed, r, 0)), the same episodes (seed (seed, r, 1)), horizons and query modes as
 * {@link InnerLoop}, so a genome and an optimiser are compared on identical data, in the unroll's
 * precision (float: sgemm and float storage, as the BLUR float path; double: dgemm, exact tanh).
 * Thread-safe.
 */
public final class MlpBaseline {
    private MlpBaseline() {
    }

    /** Trains for T steps without batch norm and scores the query batches, averaged over replicas. */
    public static FitnessResult evaluate(NetworkSpec baseSpec, Activation hidden, Optimizer opt, Task task,
                                         UnrollSettings s, long seed) {
        return evaluateHorizons(baseSpec, hidden, opt, BatchNorm.NONE, List.of(task), s.withHorizons(
                List.of(s.learningSteps())), List.of(List.of(s.query())), seed)[0][0][0];
    }

    /**
     * One training run per replica on the support batches of {@code tasks.get(0)}, scored at every
     * horizon of {@code s} on the query samples of every task k with each of its query modes
     * {@code modes.get(k)}: result[k][h][m].
     * The tasks must draw the same support batches (e.g. one image task with its validation and test
     * query splits), so that one run serves both learning-rate selection and reporting.
     */
    public static FitnessResult[][][] evaluateHorizons(NetworkSpec baseSpec, Activation hidden, Optimizer opt,
                                                       BatchNorm norm, List<Task> tasks, UnrollSettings s,
                                                       List<List<QueryMode>> modes, long seed) {
        NetworkSpec spec = InnerLoop.fitted(baseSpec, tasks.get(0));
        List<Integer> horizons = s.horizons();
        List<HorizonScores> sums = new ArrayList<>();
        for (int k = 0; k < tasks.size(); k++) {
            sums.add(new HorizonScores(horizons, modes.get(k).size()));
        }
        for (int r = 0; r < s.replicas(); r++) {
            Mlp mlp = new Mlp(spec, hidden, SynapseInit.draw(spec, Seeds.derive(seed, r, 0)), opt, norm,
                    s.precision());
            List<Episode> episodes = new ArrayList<>();
            for (Task task : tasks) {
                episodes.add(task.episode(Seeds.derive(seed, r, 1), s.batch(), s.learningSteps(), s.queryBatches()));
            }
            int step = 0;
            for (int h = 0; h < horizons.size(); h++) {
                boolean finite = true;
                for (; step < horizons.get(h) && finite; step++) {
                    mlp.step(episodes.get(0).support().get(step));
                    finite = mlp.isFinite();
                }
                if (!finite) {
                    for (HorizonScores x : sums) {
                        x.failFrom(h, EvaluationStatus.DIVERGED, step - 1);
                    }
                    break;
                }
                for (int k = 0; k < tasks.size(); k++) {
                    for (int m = 0; m < modes.get(k).size(); m++) {
                        sums.get(k).add(h, m, score(mlp, modes.get(k).get(m).cut(episodes.get(k).query()), spec.outputs()));
                    }
                }
            }
        }
        FitnessResult[][][] out = new FitnessResult[tasks.size()][][];
        for (int k = 0; k < tasks.size(); k++) {
            out[k] = sums.get(k).results(s.replicas());
        }
        return out;
    }

    private static QueryScore score(Mlp mlp, List<Batch> query, int outputs) {
        QueryScore score = new QueryScore(outputs);
        for (Batch b : query) {
            if (!score.add(b, mlp.predict(b))) {
                return null;
            }
        }
        return score;
    }
}
