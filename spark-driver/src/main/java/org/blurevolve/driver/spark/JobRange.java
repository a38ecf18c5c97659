package org.blurevolve.driver.spark;

import java.util.ArrayList;
import java.util.List;

/** Job numbers {@code first..last} (1-based, inclusive) of a Spark context's warm-up in {@code bench-spark}. */
record JobRange(int first, int last) {
    /** Last job number of each warm-up range (then up to the warm-up's end). */
    private static final int[] ENDS = {10, 30, 100, 300, 1000, 3000};

    JobRange {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("job range " + first + ".." + last);
        }
    }

    int jobs() {
        return last - first + 1;
    }

    /**
     * The ranges of job numbers over which a warm-up of {@code jobs} jobs is averaged: 1–10, 11–30,
     * 31–100, … ({@link #ENDS}), the last one ending at {@code jobs}.
     */
    static List<JobRange> warmup(int jobs) {
        List<JobRange> ranges = new ArrayList<>();
        int first = 1;
        for (int end : ENDS) {
            if (first > jobs) {
                break;
            }
            ranges.add(new JobRange(first, Math.min(end, jobs)));
            first = end + 1;
        }
        if (first <= jobs) {
            ranges.add(new JobRange(first, jobs));
        }
        return ranges;
    }
}
