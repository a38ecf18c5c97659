package org.blurevolve.fitness;

import java.util.ArrayList;
import java.util.List;
import org.blurevolve.network.Precision;

/**
 * How one genome is scored on one task (docs/model.md §3 and §8): one unroll of T learning steps on
 * support batches per replica (R replicas, own synapse init and data each); at every horizon h (the
 * last one is T) the E·B query samples are scored forward-only without disturbing the unroll, in
 * batches of the query mode; the horizons' scores combine by {@code aggregate}.
 *
 * @param horizons      learning-step counts at which queries are scored, strictly ascending, each >= 1
 * @param aggregate     how per-horizon scores combine into the result
 * @param queryBatches  E, at least 1
 * @param batch         B, at least 1
 * @param query         query batch size and order; its batch must divide E·B
 * @param replicas      R, at least 1
 * @param precision     float for evolution (float_elementwise: faster, other rounding), double for checks
 * @param timeBudgetSeconds wall-clock budget per evaluation; 0 means none
 * @param synapseLimit  runaway-synapse bound: a learning step after which some synapse block's mean
 *                      |value| exceeds it ends the replica as DIVERGED, as NaN/Inf do; 0 means none
 * @param synapseLimitProjection P > 1: a replica that ends the unroll within the synapse limit is
 *                      still DIVERGED when some block's growth over the second half of the unroll,
 *                      extrapolated geometrically, passes the limit before step P·T (docs/model.md §8);
 *                      0 means no projection; needs a synapse limit
 */
public record UnrollSettings(List<Integer> horizons, HorizonAggregate aggregate, int queryBatches, int batch,
                             QueryMode query, int replicas, Precision precision, double timeBudgetSeconds,
                             double synapseLimit, double synapseLimitProjection)
        implements java.io.Serializable {

    public UnrollSettings {
        List<String> problems = new ArrayList<>();
        horizons = horizons == null ? List.of() : List.copyOf(horizons);
        if (horizons.isEmpty()) {
            problems.add("horizons are empty, list at least one learning-step count");
        }
        for (int i = 0; i < horizons.size(); i++) {
            if (horizons.get(i) < 1 || (i > 0 && horizons.get(i) <= horizons.get(i - 1))) {
                problems.add("horizons = " + horizons + ", must be strictly ascending step counts >= 1");
                break;
            }
        }
        if (queryBatches < 1) {
            problems.add("query batches = " + queryBatches + ", must be >= 1");
        }
        if (batch < 1) {
            problems.add("batch = " + batch + ", must be >= 1");
        }
        if (query != null && queryBatches >= 1 && batch >= 1 && ((long) queryBatches * batch) % query.batch() != 0) {
            problems.add("query batch = " + query.batch() + " must divide query batches × batch = "
                    + (long) queryBatches * batch);
        }
        if (replicas < 1) {
            problems.add("replicas = " + replicas + ", must be >= 1");
        }
        if (!(synapseLimit >= 0) || Double.isInfinite(synapseLimit)) {
            problems.add("synapse limit = " + synapseLimit + ", must be a finite number >= 0 (0 = none)");
        }
        if (!(synapseLimitProjection == 0 || synapseLimitProjection > 1) || Double.isInfinite(synapseLimitProjection)) {
            problems.add("synapse limit projection = " + synapseLimitProjection
                    + ", must be 0 (none) or a finite factor > 1 of the unroll's length");
        } else if (synapseLimitProjection > 0 && !(synapseLimit > 0)) {
            problems.add("synapse limit projection = " + synapseLimitProjection + " needs a synapse limit > 0");
        } else if (!horizons.isEmpty() && synapseLimitProjection * horizons.get(horizons.size() - 1) > Integer.MAX_VALUE) {
            problems.add("synapse limit projection = " + synapseLimitProjection + " times T = "
                    + horizons.get(horizons.size() - 1) + " passes " + Integer.MAX_VALUE + " steps");
        }
        if (!(timeBudgetSeconds >= 0)) {
            problems.add("time budget = " + timeBudgetSeconds + " s, must be >= 0 (0 = none)");
        }
        if (precision == null || aggregate == null || query == null) {
            problems.add("precision, aggregate and query mode must be set");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Settings without a projection of synapse growth. */
    public UnrollSettings(List<Integer> horizons, HorizonAggregate aggregate, int queryBatches, int batch,
                          QueryMode query, int replicas, Precision precision, double timeBudgetSeconds,
                          double synapseLimit) {
        this(horizons, aggregate, queryBatches, batch, query, replicas, precision, timeBudgetSeconds, synapseLimit, 0);
    }

    /** Settings without a synapse limit. */
    public UnrollSettings(List<Integer> horizons, HorizonAggregate aggregate, int queryBatches, int batch,
                          QueryMode query, int replicas, Precision precision, double timeBudgetSeconds) {
        this(horizons, aggregate, queryBatches, batch, query, replicas, precision, timeBudgetSeconds, 0);
    }

    /** One horizon T, queries in batches of B in drawn order: the plain unroll of docs/model.md §3. */
    public UnrollSettings(int learningSteps, int queryBatches, int batch, int replicas, Precision precision,
                          double timeBudgetSeconds) {
        this(List.of(learningSteps), HorizonAggregate.MEAN, queryBatches, batch, new QueryMode(batch, false),
                replicas, precision, timeBudgetSeconds);
    }

    /** T, the number of learning steps of the unroll (its longest horizon). */
    public int learningSteps() {
        return horizons.get(horizons.size() - 1);
    }

    /**
     * ⌈P·T⌉, the steps a replica must be projected to last with a synapse-limit projection P; 0 without
     * one.
     */
    public int projectedSteps() {
        return synapseLimitProjection > 0 ? (int) Math.ceil(synapseLimitProjection * learningSteps()) : 0;
    }

    public UnrollSettings withHorizons(List<Integer> steps) {
        return new UnrollSettings(steps, aggregate, queryBatches, batch, query, replicas, precision, timeBudgetSeconds,
                synapseLimit, synapseLimitProjection);
    }
}
