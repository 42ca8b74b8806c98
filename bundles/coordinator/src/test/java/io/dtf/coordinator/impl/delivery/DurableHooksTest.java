package io.dtf.coordinator.impl.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookFailure;
import io.dtf.api.plugin.HookInfo;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.RunId;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable hooks on a real store (H2): at least once, in order per run, retried, parked, resumed. */
class DurableHooksTest {
    private static final HookKey KEY = new HookKey("org.example.webhook", "org.example.Webhook", null, null);
    private static final Map<String, Object> DURABLE = Map.of(Hook.DELIVERY, Hook.DURABLE, Hook.CONCURRENCY, 2,
            Hook.TIME_LIMIT, "300ms");

    @TempDir
    Path dir;
    private JdbcTaskStore store;
    private DurableHooks hooks;

    @BeforeEach
    void open() {
        store = JdbcTaskStore.open("jdbc:h2:file:" + dir.resolve("store").toAbsolutePath(), "sa", "", 4);
        hooks = newHooks();
    }

    @AfterEach
    void close() {
        hooks.close();
        store.close();
    }

    private DurableHooks newHooks() {
        return new DurableHooks(store, event -> event, Clock.systemUTC(), Duration.ofDays(1));
    }

    @Test
    void eventsOfARunArriveInOrderAndRunsGoInParallel() throws Exception {
        Map<String, List<Integer>> byRun = new ConcurrentHashMap<>();
        AtomicInteger atOnce = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Hook hook = event -> {
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            Thread.sleep(2);
            byRun.computeIfAbsent(event.run().value(), r -> Collections.synchronizedList(new ArrayList<>()))
                    .add(event.get(EventData.ATTEMPT));
            atOnce.decrementAndGet();
        };
        hooks.add(hook, KEY, EnumSet.of(HookType.CUSTOM), DURABLE);
        for (int i = 1; i <= 50; i++) {
            publish("r1", i);
            publish("r2", i);
        }
        await(() -> byRun.getOrDefault("r1", List.of()).size() == 50 && byRun.getOrDefault("r2", List.of()).size() == 50);
        List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList();
        assertEquals(expected, byRun.get("r1"));
        assertEquals(expected, byRun.get("r2"));
        assertTrue(mostAtOnce.get() <= 2, "at most the hook's concurrency: " + mostAtOnce.get());
    }

    @Test
    void aRetryableFailureIsRetriedAndAPermanentOneParkedUntilSentAgain() throws Exception {
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        boolean[] refuse = {true};
        CountDownLatch resent = new CountDownLatch(1);
        Hook hook = event -> {
            int attempt = event.get(EventData.ATTEMPT);
            if (attempt == 1 && calls.incrementAndGet() == 1) {
                throw new IllegalStateException("HTTP 503");
            }
            if (attempt == 2 && refuse[0]) {
                throw HookFailure.permanent("HTTP 422: payload refused", null);
            }
            if (attempt == 2) {
                resent.await(10, TimeUnit.SECONDS); // held until the test has looked at the store
            }
            received.add(event.run().value() + ":" + attempt);
        };
        hooks.add(hook, KEY, EnumSet.of(HookType.CUSTOM), DURABLE);
        publish("r1", 1);
        publish("r1", 2);
        publish("r1", 3);
        await(() -> received.size() == 2);
        assertEquals(List.of("r1:1", "r1:3"), received, "retried first, then the parked one was passed by");
        HookInfo info = hooks.hooksOf(KEY.plugin()).get(0);
        assertTrue(info.durable());
        assertEquals(1, info.parked());
        assertTrue(info.lastError().contains("HTTP 422"), info.lastError());
        assertEquals("HTTP 422: payload refused", hooks.parked(KEY.plugin()).get(0).reason());

        refuse[0] = false;
        assertEquals(1, hooks.redeliver(KEY.plugin(), null));
        assertEquals(1, hooks.parked(KEY.plugin()).size(), "parked in the store until delivered");
        resent.countDown();
        await(() -> received.size() == 3);
        assertEquals("r1:2", received.get(2));
        await(() -> hooks.hooksOf(KEY.plugin()).get(0).parked() == 0 && hooks.parked(KEY.plugin()).isEmpty());
    }

    @Test
    void aHookThatComesBackReceivesWhatHappenedWhileItWasAwayAndNothingItHadAcknowledged() throws Exception {
        List<Integer> first = Collections.synchronizedList(new ArrayList<>());
        Hook v1 = event -> first.add(event.get(EventData.ATTEMPT));
        hooks.add(v1, KEY, EnumSet.of(HookType.CUSTOM), DURABLE);
        publish("r1", 1);
        publish("r1", 2);
        await(() -> first.size() == 2);
        await(() -> store.subscription(KEY.value()).orElseThrow().acknowledged() > 0
                && hooks.hooksOf(KEY.plugin()).get(0).queued() == 0);
        hooks.remove(v1);
        hooks.close(); // as a restart: a new coordinator starts from the store alone
        hooks = newHooks();
        publish("r1", 3);
        publish("r1", 4);

        List<Integer> second = Collections.synchronizedList(new ArrayList<>());
        hooks.add(event -> second.add(event.get(EventData.ATTEMPT)), KEY, EnumSet.of(HookType.CUSTOM), DURABLE);
        await(() -> second.size() == 2);
        assertEquals(List.of(3, 4), second);
    }

    @Test
    void aCallPastItsTimeLimitIsInterruptedAndTriedAgain() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        Hook hook = event -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            }
            done.add(event.id());
        };
        hooks.add(hook, KEY, EnumSet.of(HookType.CUSTOM), DURABLE);
        DtfEvent event = publish("r1", 1);
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "interrupted at its time limit");
        await(() -> done.size() == 1);
        assertEquals(List.of(event.id()), done);
        assertTrue(hooks.hooksOf(KEY.plugin()).get(0).lastError().contains("time limit of 300 ms"));
    }

    private DtfEvent publish(String run, int n) {
        DtfEvent event = new DtfEvent(HookType.CUSTOM, Instant.now(), RunId.of(run), null, null, Severity.INFO,
                Map.of(EventData.TOPIC.name(), "test", EventData.ATTEMPT.name(), n), run + ":" + n);
        hooks.published(event);
        return event;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
