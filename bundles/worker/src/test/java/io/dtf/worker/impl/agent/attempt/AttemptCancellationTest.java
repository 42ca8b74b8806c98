package io.dtf.worker.impl.agent.attempt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AttemptCancellationTest {
    @Test
    void actionsRunOnceWhenCancelledAndAtOnceWhenAlreadyCancelled() {
        AttemptCancellation cancellation = new AttemptCancellation();
        AtomicInteger runs = new AtomicInteger();
        cancellation.onCancel(runs::incrementAndGet);
        cancellation.onCancel(() -> {
            throw new IllegalStateException("a failing action does not stop the others");
        });
        cancellation.onCancel(runs::incrementAndGet);
        assertFalse(cancellation.isCancelled());
        assertEquals(0, runs.get());

        assertTrue(cancellation.cancel());
        assertFalse(cancellation.cancel());
        assertTrue(cancellation.isCancelled());
        assertEquals(2, runs.get());

        cancellation.onCancel(runs::incrementAndGet);
        assertEquals(3, runs.get());
    }
}
