package io.dtf.executor.browser.impl.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShardedRunTest {
    @Test
    void eachTryGetsItsShareOfTheTimeLeftSoThatAHangLeavesTimeForAnotherTry() {
        assertEquals(Duration.ofSeconds(40), ShardedRun.perTry(Duration.ofMinutes(2)));
        assertEquals(Duration.ofSeconds(1), ShardedRun.perTry(Duration.ofMillis(1500)), "never under a second");
    }
}
