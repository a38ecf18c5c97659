package org.blurevolve.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ranges of job numbers bench-spark reports its warm-up in. */
class JobRangeTest {
    @Test
    void warmupRangesCoverEveryJobOnceAndEndAtTheLastJob() {
        assertEquals(List.of(r(1, 10), r(11, 30), r(31, 100), r(101, 300)), JobRange.warmup(300));
        assertEquals(List.of(r(1, 10), r(11, 30), r(31, 45)), JobRange.warmup(45));
        assertEquals(List.of(r(1, 10), r(11, 30), r(31, 100), r(101, 300), r(301, 1000), r(1001, 3000), r(3001, 5000)),
                JobRange.warmup(5000));
        assertEquals(List.of(r(1, 1)), JobRange.warmup(1));
        assertEquals(List.of(r(1, 10)), JobRange.warmup(10));
        assertEquals(List.of(r(1, 10), r(11, 11)), JobRange.warmup(11));
        assertEquals(List.of(r(1, 10), r(11, 30), r(31, 100), r(101, 300), r(301, 1000), r(1001, 3000), r(3001, 3001)),
                JobRange.warmup(3001));
        assertEquals(6, JobRange.warmup(3000).size(), "3,000 ends the last fixed range");
        assertEquals(0, JobRange.warmup(0).size());
        assertEquals(300, JobRange.warmup(300).stream().mapToInt(JobRange::jobs).sum());
    }

    private static JobRange r(int first, int last) {
        return new JobRange(first, last);
    }
}
