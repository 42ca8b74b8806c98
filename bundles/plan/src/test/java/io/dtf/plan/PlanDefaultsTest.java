package io.dtf.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanDefaultsTest {

    @Test
    void standard() {
        assertEquals(Duration.ofMinutes(30), PlanDefaults.STANDARD.timeout());
        assertEquals(1, PlanDefaults.STANDARD.maxAttempts());
        assertEquals(Set.of("command"), PlanDefaults.STANDARD.taskTypes());
    }

    @Test
    void taskTypesAreSortedForStableMessages() {
        assertEquals(List.of("browser", "command", "k6"),
                List.copyOf(PlanDefaults.STANDARD.withTaskTypes(Set.of("k6", "command", "browser")).taskTypes()));
    }

    @Test
    void refusesDefaultsAPlanCouldNotSet() {
        assertThrows(IllegalArgumentException.class, () -> PlanDefaults.STANDARD.withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> PlanDefaults.STANDARD.withTimeout(Duration.ofDays(8)));
        assertThrows(IllegalArgumentException.class, () -> PlanDefaults.STANDARD.withMaxAttempts(0));
        assertThrows(IllegalArgumentException.class, () -> PlanDefaults.STANDARD.withMaxAttempts(101));
        assertThrows(IllegalArgumentException.class, () -> PlanDefaults.STANDARD.withTaskTypes(Set.of()));
    }
}
