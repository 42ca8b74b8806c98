package io.dtf.coordinator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBusTest {

    private static DtfEvent event(HookType type, int n) {
        return new DtfEvent(type, Instant.now(), null, null, null, null, Map.of("n", n));
    }

    @Test
    void aHookThatThrowsOrHangsDoesNotDelayTheOthers() throws Exception {
        try (EventBus bus = new EventBus(100, Duration.ofMillis(200))) {
            List<Integer> seen = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(50);
            bus.addHook(e -> {
                throw new IllegalStateException("broken plugin");
            }, "thrower", null);
            bus.addHook(e -> Thread.sleep(Long.MAX_VALUE), "sleeper", null);
            bus.addHook(e -> {
                seen.add((Integer) e.data().get("n"));
                all.countDown();
            }, "good", null);

            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                bus.publish(event(HookType.TASK_COMPLETED, i));
            }
            long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(all.await(5, TimeUnit.SECONDS), "the good hook received every event");
            assertEquals(java.util.stream.IntStream.range(0, 50).boxed().toList(), seen, "in order");
            assertTrue(publishMillis < 1000, "publishing never waits for a hook: " + publishMillis + " ms");
            HookChannel thrower = bus.channels().stream().filter(c -> c.name().equals("thrower")).findFirst().orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (thrower.failures() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(50, thrower.failures());
            assertTrue(thrower.lastError().contains("broken plugin"));
            Thread.sleep(600);
            HookChannel sleeper = bus.channels().stream().filter(c -> c.name().equals("sleeper")).findFirst().orElseThrow();
            assertTrue(sleeper.timeouts() >= 1, "the hanging hook was interrupted at its time limit");
        }
    }

    @Test
    void aHookReceivesOnlyTheTypesItAsksFor() throws Exception {
        try (EventBus bus = new EventBus(100, Duration.ofSeconds(5))) {
            List<HookType> seen = new CopyOnWriteArrayList<>();
            CountDownLatch one = new CountDownLatch(1);
            bus.addHook(e -> {
                seen.add(e.type());
                one.countDown();
            }, "picky", "RUN_COMPLETED, TASK_FAILED");
            bus.publish(event(HookType.TASK_STARTED, 1));
            bus.publish(event(HookType.RUN_COMPLETED, 2));
            assertTrue(one.await(5, TimeUnit.SECONDS));
            Thread.sleep(100);
            assertEquals(List.of(HookType.RUN_COMPLETED), seen);
        }
    }

    @Test
    void parsesTheHookPropertyInEveryForm() {
        assertEquals(EnumSet.of(HookType.RUN_COMPLETED, HookType.TASK_FAILED),
                EventBus.parseHookTypes("h", new String[] {"RUN_COMPLETED", "TASK_FAILED"}));
        assertEquals(EnumSet.of(HookType.RUN_COMPLETED), EventBus.parseHookTypes("h", "RUN_COMPLETED,NO_SUCH"));
        assertTrue(EventBus.parseHookTypes("h", null).isEmpty());
    }
}
