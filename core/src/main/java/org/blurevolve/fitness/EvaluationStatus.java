package org.blurevolve.fitness;

/** How an evaluation ended. Anything but OK scores the worst fitness. */
public enum EvaluationStatus {
    OK,
    /** NaN or Inf appeared in a state or synapse (docs/model.md §8). */
    DIVERGED,
    /** The evaluation threw. */
    FAILED,
    /** The evaluation ran past its time budget. */
    TIMEOUT
}
