package org.blurevolve.driver.scoring;

/**
 * What went wrong on the cluster while scoring, none of which changes a score: executors lost and
 * task attempts that failed (and were retried). Immutable.
 *
 * @param lostExecutors executors removed (killed, crashed, lost)
 * @param failedTasks   task attempts that failed or were killed
 */
public record Faults(int lostExecutors, int failedTasks) {
    /** No faults (the in-process scorer has none). */
    public static final Faults NONE = new Faults(0, 0);

    public Faults {
        if (lostExecutors < 0 || failedTasks < 0) {
            throw new IllegalArgumentException("fault counts must be >= 0");
        }
    }

    public boolean any() {
        return lostExecutors > 0 || failedTasks > 0;
    }
}
