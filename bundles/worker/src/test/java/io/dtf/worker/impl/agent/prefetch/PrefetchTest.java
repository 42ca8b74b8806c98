package io.dtf.worker.impl.agent.prefetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.worker.impl.TestTasks;
import io.dtf.worker.impl.agent.attempt.HeldAttempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefetchTest {
    private static final long NOW = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private static Prefetch prefetch(int slots, int prefetch) {
        return new Prefetch(new WorkerInfo(WorkerId.of("w"), "w", "host",
                new Capabilities("linux", "x86_64", 2, 1024, "17", null, null, false, false), slots, prefetch));
    }

    private static int id;

    /** An attempt held; {@code ranFor} null while it waits for a slot's thread. */
    private static HeldAttempt held(Duration ranFor) {
        HeldAttempt attempt = new HeldAttempt(TestTasks.lease(TestTasks.shell("r1." + ++id, "true", Duration.ofMinutes(1))));
        if (ranFor != null) {
            attempt.begin(NOW - ranFor.toNanos());
        }
        return attempt;
    }

    @Test
    void holdsNoneAheadUntilAttemptsHaveEnded() {
        Prefetch p = prefetch(2, 16);
        assertEquals(0, p.ahead(List.of(), NOW));
        p.ended(MS);
        assertEquals(16, p.ahead(List.of(), NOW), "50 per slot by the average, at most the worker's prefetch");
    }

    @Test
    void holdsAsManyAsEndWithinTheShortTaskHorizon() {
        Prefetch p = prefetch(2, 16);
        p.ended(20 * MS);
        assertEquals(4, p.ahead(List.of(), NOW), "2 per slot of 50 ms");
        p.ended(120 * MS); // the newest weighs a fifth: 20 + 0.2 * 100 = 40 ms
        assertEquals(2, p.ahead(List.of(), NOW));
        p.ended(200 * MS);
        assertEquals(0, p.ahead(List.of(), NOW), "tasks that average 50 ms or more are not held ahead");
    }

    @Test
    void aSlotRunningALongAttemptCountsForNothing() {
        Prefetch p = prefetch(2, 16);
        p.ended(10 * MS);
        HeldAttempt longOne = held(Prefetch.HAND_BACK_AFTER.plusMillis(1));
        HeldAttempt shortOne = held(Duration.ofMillis(5));
        assertEquals(5, p.ahead(List.of(longOne, shortOne), NOW));
        assertEquals(0, p.ahead(List.of(longOne, held(Prefetch.HAND_BACK_AFTER.plusMillis(2))), NOW));
    }

    @Test
    void endsAreDueAtOnceWhenTheWorkerRunsShortOfWork() {
        Prefetch p = prefetch(1, 8);
        p.ended(MS); // 8 ahead
        List<HeldAttempt> held = new ArrayList<>(List.of(held(Duration.ofMillis(1))));
        for (int i = 0; i < 8; i++) {
            held.add(held(null));
        }
        assertFalse(p.shortOfWork(held, NOW), "8 held ahead");
        assertFalse(p.shortOfWork(held.subList(0, 6), NOW), "5 held ahead, more than half");
        assertTrue(p.shortOfWork(held.subList(0, 5), NOW), "4 held ahead, half");
    }

    @Test
    void handsBackWhatWaitsBehindSlotsThatAllRunLongAttempts() {
        Prefetch p = prefetch(2, 8);
        p.ended(10 * MS);
        HeldAttempt waiting1 = held(null);
        HeldAttempt waiting2 = held(null);
        HeldAttempt shortOne = held(Duration.ofMillis(100));
        Prefetch.HandBack none = p.handBack(List.of(shortOne, waiting1, waiting2), NOW);
        assertEquals(List.of(), none.attempts(), "every attempt is short: all stay");
        assertEquals(Prefetch.HAND_BACK_AFTER.minusMillis(100).toNanos(), none.nextCheckNanos(),
                "looks again when the short one turns long");

        HeldAttempt longOne = held(Prefetch.HAND_BACK_AFTER.plusMillis(1));
        // one slot is blocked: the other slot takes one, and 5 ahead of it by the 10 ms average
        assertEquals(List.of(), p.handBack(List.of(longOne, shortOne, waiting1, waiting2), NOW).attempts());
        HeldAttempt longTwo = held(Prefetch.HAND_BACK_AFTER.plusMillis(5));
        Prefetch.HandBack all = p.handBack(List.of(longOne, longTwo, waiting1, waiting2), NOW);
        assertEquals(List.of(waiting1, waiting2), all.attempts(), "both slots are blocked: all go back");
        assertEquals(Prefetch.HAND_BACK_AFTER.toNanos(), all.nextCheckNanos());
        assertEquals(-1, p.handBack(List.of(longOne, longTwo), NOW).nextCheckNanos(), "nothing waits: look when woken");
    }
}
