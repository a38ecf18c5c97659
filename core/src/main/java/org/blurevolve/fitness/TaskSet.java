package org.blurevolve.fitness;

/** Which task list of an experiment an evaluation uses. */
public enum TaskSet {
    /** The tasks evolution scores on. */
    META_TRAIN,
    /** Held-out tasks scored on the current best genome every few generations. */
    META_TEST
}
