package io.dtf.rest.impl.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.ErrorCode;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.rest.impl.http.RestError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fan-out of events: never blocking the hook thread, bounded per client, telling a slow one what it lost. */
class EventHubTest {
    private final EventHub hub = new EventHub();

    /** A client stream that blocks its writer until released. */
    static final class SlowStream implements EventHub.Stream {
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    synchronized (written) {
                        written.write(b, off, len);
                    }
                }
            };
        }

        @Override
        public void close() {
            closed.set(true);
        }

        String text() {
            synchronized (written) {
                return written.toString(StandardCharsets.UTF_8);
            }
        }
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    private static DtfEvent event(HookType type) {
        return new DtfEvent(type, Instant.now(), null, null, null, null, null);
    }

    @Test
    void aSlowClientNeverBlocksTheHookAndIsToldWhatItLost() throws Exception {
        hub.start(4, 5, 60_000);
        SlowStream slow = new SlowStream();
        hub.open(slow, Set.of()).start();
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            hub.on(event(HookType.TASK_STARTED));
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "on() does not wait for the client");
        slow.release.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        // the client catches up first (its buffer is full until then), and is told what it lost
        while (!slow.text().contains("event: dropped") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        hub.on(event(HookType.RUN_COMPLETED));
        while (!slow.text().contains("RUN_COMPLETED") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String text = slow.text();
        assertTrue(text.contains("event: dropped\ndata: {\"dropped\":"), text);
        long delivered = text.lines().filter(l -> l.equals("event: TASK_STARTED")).count();
        assertTrue(delivered <= 7, "at most the buffer and the frame being written: " + delivered);
        assertTrue(text.contains("event: RUN_COMPLETED"), text);
    }

    @Test
    void clientsGetOnlyTheirTypesAndTheLimitHolds() throws Exception {
        hub.start(2, 100, 60_000);
        SlowStream runs = new SlowStream();
        runs.release.countDown();
        hub.open(runs, Set.of(HookType.RUN_COMPLETED)).start();
        hub.open(new SlowStream(), Set.of());
        RestError full = assertThrows(RestError.class, () -> hub.open(new SlowStream(), Set.of()));
        assertEquals(ErrorCode.TOO_MANY_REQUESTS, full.code());
        hub.on(event(HookType.TASK_STARTED));
        hub.on(event(HookType.RUN_COMPLETED));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!runs.text().contains("RUN_COMPLETED") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(runs.text().startsWith("id: 2\nevent: RUN_COMPLETED\ndata: {\"type\":\"RUN_COMPLETED\""),
                runs.text());
        assertTrue(!runs.text().contains("TASK_STARTED"));
    }

    @Test
    void aClientThatWentAwayIsForgottenAtTheNextHeartbeat() throws Exception {
        hub.start(2, 10, 50);
        CountDownLatch failed = new CountDownLatch(1);
        EventHub.Stream gone = new EventHub.Stream() {
            @Override
            public OutputStream output() throws IOException {
                failed.countDown();
                throw new IOException("broken pipe");
            }

            @Override
            public void close() {
            }
        };
        hub.open(gone, Set.of()).start();
        assertTrue(failed.await(5, TimeUnit.SECONDS), "the hub wrote to the client");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (hub.clients() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, hub.clients());
    }
}
