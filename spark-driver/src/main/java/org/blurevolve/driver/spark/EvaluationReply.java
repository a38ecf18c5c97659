package org.blurevolve.driver.spark;

import org.blurevolve.fitness.EvaluationStatus;
import org.blurevolve.fitness.FitnessResult;

/** What comes back from an executor: the scores of one (genome, task) pair. A plain final class for Kryo 4. */
public final class EvaluationReply {
    private int genome;
    private int task;
    private int status;
    private double accuracy;
    private double negCrossEntropy;
    private double negL2;

    /** For Kryo. */
    EvaluationReply() {
    }

    public EvaluationReply(int genome, int task, FitnessResult r) {
        this.genome = genome;
        this.task = task;
        this.status = r.status().ordinal();
        this.accuracy = r.accuracy();
        this.negCrossEntropy = r.negCrossEntropy();
        this.negL2 = r.negL2();
    }

    public int genome() {
        return genome;
    }

    public int task() {
        return task;
    }

    public FitnessResult result() {
        return new FitnessResult(EvaluationStatus.values()[status], accuracy, negCrossEntropy, negL2);
    }
}
