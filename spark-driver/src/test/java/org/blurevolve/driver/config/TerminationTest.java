package org.blurevolve.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Termination: each limit stops the run when reached, and not before; all limits off is refused. */
class TerminationTest {
    @Test
    void eachLimitStopsExactlyWhenReached() {
        assertTrue(new Termination(5, 0, 0, Double.NaN, 0).reason(4, 99, 99, 1, 99).isEmpty());
        assertEquals(Optional.of("reached 5 generations"), new Termination(5, 0, 0, Double.NaN, 0).reason(5, 0, 0, 0, 0));
        assertTrue(new Termination(0, 100, 0, Double.NaN, 0).reason(9, 99, 0, 0, 0).isEmpty());
        assertEquals(Optional.of("reached 100 evaluations"), new Termination(0, 100, 0, Double.NaN, 0).reason(9, 100, 0, 0, 0));
        assertTrue(new Termination(0, 0, 60, Double.NaN, 0).reason(9, 0, 59.9, 0, 0).isEmpty());
        assertTrue(new Termination(0, 0, 60, Double.NaN, 0).reason(9, 0, 60, 0, 0).isPresent());
        assertTrue(new Termination(0, 0, 0, 0.9, 0).reason(9, 0, 0, 0.899, 0).isEmpty());
        assertEquals(Optional.of("reached the target fitness 0.9"), new Termination(0, 0, 0, 0.9, 0).reason(9, 0, 0, 0.9, 0));
        assertTrue(new Termination(0, 0, 0, Double.NaN, 3).reason(9, 0, 0, 0, 2).isEmpty());
        assertEquals(Optional.of("no improvement for 3 generations"),
                new Termination(0, 0, 0, Double.NaN, 3).reason(9, 0, 0, 0, 3));
    }

    @Test
    void theFirstLimitInOrderWins() {
        assertEquals(Optional.of("reached 2 generations"), new Termination(2, 10, 0, Double.NaN, 0).reason(2, 10, 0, 0, 0));
    }

    @Test
    void allLimitsOffOrNegativeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Termination(0, 0, 0, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new Termination(-1, 0, 0, Double.NaN, 0));
        assertEquals(7, new Termination(3, 0, 0, Double.NaN, 0).withGenerations(7).generations());
    }
}
