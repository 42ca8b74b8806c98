package io.dtf.coordinator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookInfo;
import io.dtf.api.plugin.HookType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventBusTest {

    private static EventBus bus(Duration timeLimit, int failureLimit, List<String> failing) {
        return new EventBus(new EventBus.Limits(1000, timeLimit, Duration.ofSeconds(30), failureLimit),
                channel -> failing.add(channel.plugin()));
    }

    private static DtfEvent event(HookType type, int n) {
        return new DtfEvent(type, Instant.now(), null, null, null, null, Map.of("n", n));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 5 s: " + what);
            Thread.sleep(10);
        }
    }

    /** The service properties of a DS hook component {@code component} running with configuration {@code pid}. */
    private static Map<String, Object> service(String component, String pid, long serviceId, String hookTypes) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("component.name", component);
        properties.put("service.id", serviceId);
        if (pid != null) {
            properties.put("service.pid", pid);
        }
        if (hookTypes != null) {
            properties.put(Hook.PROPERTY, hookTypes);
        }
        return properties;
    }

    private static Map<String, Object> service(String component, long serviceId) {
        return service(component, null, serviceId, null);
    }

    private static HookChannel channel(EventBus bus, String plugin) {
        return bus.channels().stream().filter(c -> c.plugin().equals(plugin)).findFirst().orElseThrow();
    }

    @Test
    void aHookThatThrowsOrHangsDoesNotDelayTheOthers() throws Exception {
        List<String> failing = new CopyOnWriteArrayList<>();
        try (EventBus bus = bus(Duration.ofMillis(200), 1000, failing)) {
            List<Integer> seen = new CopyOnWriteArrayList<>();
            bus.addHook(e -> {
                throw new IllegalStateException("broken plugin");
            }, "thrower", service("h", 1));
            bus.addHook(e -> Thread.sleep(Long.MAX_VALUE), "sleeper", service("h", 2));
            bus.addHook(e -> seen.add((Integer) e.data().get("n")), "good", service("h", 3));

            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                bus.publish(event(HookType.TASK_COMPLETED, i));
            }
            long publishMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            await("the good hook received every event", () -> seen.size() == 50);
            assertEquals(IntStream.range(0, 50).boxed().toList(), seen, "in order");
            assertTrue(publishMillis < 1000, "publishing never waits for a hook: " + publishMillis + " ms");
            HookChannel thrower = channel(bus, "thrower");
            await("the thrower saw every event", () -> thrower.failures() == 50);
            assertTrue(thrower.lastError().contains("broken plugin"));
            HookChannel sleeper = channel(bus, "sleeper");
            await("the hanging hook is interrupted at its time limit", () -> sleeper.timeouts() >= 2);
        }
    }

    @Test
    void aHookReceivesOnlyTheTypesItAsksFor() throws Exception {
        try (EventBus bus = bus(Duration.ofSeconds(5), 1000, new CopyOnWriteArrayList<>())) {
            List<HookType> seen = new CopyOnWriteArrayList<>();
            bus.addHook(e -> seen.add(e.type()), "picky", service("h", null, 1, "RUN_COMPLETED, TASK_FAILED"));
            bus.publish(event(HookType.TASK_STARTED, 1));
            bus.publish(event(HookType.RUN_COMPLETED, 2));
            bus.publish(event(HookType.TASK_STARTED, 3));
            bus.publish(event(HookType.TASK_FAILED, 4));
            await("two events", () -> seen.size() == 2); // in order: a TASK_STARTED would have come before the last
            assertEquals(List.of(HookType.RUN_COMPLETED, HookType.TASK_FAILED), seen);
        }
    }

    @Test
    void anUpdatedPluginReceivesTheEventsPublishedWhileItWasAway() throws Exception {
        try (EventBus bus = bus(Duration.ofSeconds(5), 1000, new CopyOnWriteArrayList<>())) {
            List<String> seen = new CopyOnWriteArrayList<>();
            Hook v1 = e -> seen.add("v1:" + e.data().get("n"));
            Hook v2 = e -> seen.add("v2:" + e.data().get("n"));
            bus.addHook(v1, "plugin", service("h", 1));
            bus.publish(event(HookType.CUSTOM, 1));
            await("v1 got its event", () -> seen.size() == 1);

            bus.removeHook(v1); // the bundle is updated: the old version goes, the new one comes a little later
            bus.publish(event(HookType.CUSTOM, 2));
            bus.publish(event(HookType.CUSTOM, 3));
            bus.addHook(v2, "plugin", service("h", 2)); // a new registration: another service id
            bus.publish(event(HookType.CUSTOM, 4));

            await("every event arrived", () -> seen.size() == 4);
            assertEquals(List.of("v1:1", "v2:2", "v2:3", "v2:4"), seen);
        }
    }

    @Test
    void everyConfigurationOfOneHookComponentReceivesEveryEvent() throws Exception {
        try (EventBus bus = bus(Duration.ofSeconds(5), 1000, new CopyOnWriteArrayList<>())) {
            List<Integer> seenByA = new CopyOnWriteArrayList<>();
            List<Integer> seenByB = new CopyOnWriteArrayList<>();
            // etc/io.example.hook-a.cfg and -b.cfg: two factory configurations of one component
            bus.addHook(e -> seenByA.add((Integer) e.data().get("n")), "io.example",
                    service("io.example.Notifier", "io.example.hook~a", 10, null));
            bus.addHook(e -> seenByB.add((Integer) e.data().get("n")), "io.example",
                    service("io.example.Notifier", "io.example.hook~b", 11, null));
            for (int i = 0; i < 30; i++) {
                bus.publish(event(HookType.TASK_COMPLETED, i));
            }

            await("both instances received every event", () -> seenByA.size() == 30 && seenByB.size() == 30);
            assertEquals(IntStream.range(0, 30).boxed().toList(), seenByA);
            assertEquals(IntStream.range(0, 30).boxed().toList(), seenByB);
            List<HookInfo> hooks = bus.hooksOf("io.example");
            assertEquals(List.of("io.example.hook~a", "io.example.hook~b"),
                    hooks.stream().map(HookInfo::configuration).toList(), "shown one by one");
            assertEquals(List.of(30L, 30L), hooks.stream().map(HookInfo::delivered).toList());
        }
    }

    @Test
    void anUpdateOfABundleWithSeveralConfiguredHooksLosesNoEvent() throws Exception {
        try (EventBus bus = bus(Duration.ofSeconds(5), 1000, new CopyOnWriteArrayList<>())) {
            List<String> seenByA = new CopyOnWriteArrayList<>();
            List<String> seenByB = new CopyOnWriteArrayList<>();
            Hook a1 = e -> seenByA.add("v1:" + e.data().get("n"));
            Hook b1 = e -> seenByB.add("v1:" + e.data().get("n"));
            bus.addHook(a1, "io.example", service("io.example.Notifier", "io.example.hook~a", 10, null));
            bus.addHook(b1, "io.example", service("io.example.Notifier", "io.example.hook~b", 11, null));
            bus.publish(event(HookType.CUSTOM, 1));
            await("v1 of both got the first event", () -> seenByA.size() == 1 && seenByB.size() == 1);

            bus.removeHook(a1); // bundle:update: both instances go, and come back with new service ids
            bus.removeHook(b1);
            bus.publish(event(HookType.CUSTOM, 2));
            bus.publish(event(HookType.CUSTOM, 3));
            bus.addHook(e -> seenByB.add("v2:" + e.data().get("n")), "io.example",
                    service("io.example.Notifier", "io.example.hook~b", 13, null));
            bus.addHook(e -> seenByA.add("v2:" + e.data().get("n")), "io.example",
                    service("io.example.Notifier", "io.example.hook~a", 12, null));
            bus.publish(event(HookType.CUSTOM, 4));

            await("every event arrived at both", () -> seenByA.size() == 4 && seenByB.size() == 4);
            assertEquals(List.of("v1:1", "v2:2", "v2:3", "v2:4"), seenByA);
            assertEquals(List.of("v1:1", "v2:2", "v2:3", "v2:4"), seenByB);
            assertEquals(2, bus.channels().size(), "the instances kept their channels");
        }
    }

    @Test
    void aHookThatKeepsFailingIsReportedOnce() throws Exception {
        List<String> failing = new CopyOnWriteArrayList<>();
        try (EventBus bus = bus(Duration.ofSeconds(5), 5, failing)) {
            bus.addHook(e -> {
                throw new IllegalStateException("always");
            }, "bad", service("h", 1));
            for (int i = 0; i < 20; i++) {
                bus.publish(event(HookType.CUSTOM, i));
            }
            await("all failed", () -> channel(bus, "bad").failures() == 20);
            assertEquals(List.of("bad"), failing);
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
