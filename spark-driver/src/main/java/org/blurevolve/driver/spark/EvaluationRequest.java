package org.blurevolve.driver.spark;

/**
 * What goes to an executor for one evaluation: a genome, the meta-train task index and the
 * generation (which fixes the seed). A plain final class so Kryo 4 can serialise it.
 */
public final class EvaluationRequest {
    private int genome;
    private int task;
    private long generation;
    private double[] genes;

    /** For Kryo. */
    EvaluationRequest() {
    }

    public EvaluationRequest(int genome, int task, long generation, double[] genes) {
        this.genome = genome;
        this.task = task;
        this.generation = generation;
        this.genes = genes.clone();
    }

    public int genome() {
        return genome;
    }

    public int task() {
        return task;
    }

    public long generation() {
        return generation;
    }

    public double[] genes() {
        return genes.clone();
    }
}
