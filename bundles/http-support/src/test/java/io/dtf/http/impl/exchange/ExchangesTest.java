package io.dtf.http.impl.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.http.DtfHttpException;
import io.dtf.http.DtfJson;
import io.dtf.http.HttpTransportException;
import io.dtf.http.RetryPolicy;
import io.dtf.http.impl.connection.ConnectionSettings;
import io.dtf.http.impl.connection.PooledConnections;
import io.dtf.http.impl.ratelimit.TargetLimiter;
import io.dtf.http.impl.response.ErrorAnswers;
import io.dtf.http.impl.response.ResponseBodies;
import io.dtf.http.testing.ManualHttpTime;
import io.dtf.http.testing.TestHttpServer;
import io.dtf.http.testing.TestHttpServer.Reply;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExchangesTest {
    private static final RetryPolicy PATIENT = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(50),
            Duration.ofMinutes(1), Duration.ofMinutes(5));

    private final TestHttpServer server = new TestHttpServer();
    private final PooledConnections connections = new PooledConnections(new ConnectionSettings(Duration.ofSeconds(2),
            Duration.ofSeconds(5), 4, "test"));
    private final SchedulerTime time = new SchedulerTime();
    private final ExecutorService io = IoThreads.create(4);
    private final Exchanges exchanges = new Exchanges(connections, time, new ErrorAnswers(DtfJson.mapper()), io);
    private final URI uri = URI.create(server.uri() + "/x");

    @AfterEach
    void close() throws Exception {
        exchanges.close();
        io.shutdownNow();
        time.close();
        connections.close();
        server.close();
    }

    @Test
    void aRetryableAnswerIsTriedAgainUntilItSucceeds() {
        server.enqueue("GET", "/x", Reply.text(503, "busy"), Reply.text(429, "slow down"));
        server.route("GET", "/x", r -> Reply.text(200, "done"));
        assertEquals("done", exchanges.call(spec(false), new CallControl(), ResponseBodies::text, true));
        assertEquals(3, server.requests("GET", "/x").size());
    }

    @Test
    void aRedirectIsAnErrorAnswerNotFollowed() {
        server.route("GET", "/x", r -> Reply.status(302).withHeader("Location", "/elsewhere"));
        DtfHttpException e = assertThrows(DtfHttpException.class,
                () -> exchanges.call(spec(true), new CallControl(), ResponseBodies::text, true));
        assertEquals(302, e.status());
        assertEquals(1, server.requests().size());
    }

    @Test
    void anAbortedCallSendsNothing() {
        CallControl control = new CallControl();
        control.abort();
        HttpTransportException e = assertThrows(HttpTransportException.class,
                () -> exchanges.call(spec(true), control, ResponseBodies::text, true));
        assertEquals("GET " + uri + ": aborted", e.getMessage());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void anInterruptEndsTheWaitForTheNextTry() throws Exception {
        server.route("GET", "/x", r -> Reply.text(503, "later").withHeader("Retry-After", "30"));
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                exchanges.call(spec(true), new CallControl(), ResponseBodies::text, true);
                outcome.complete("answered");
            } catch (HttpTransportException e) {
                outcome.complete(e.getMessage() + (Thread.currentThread().isInterrupted() ? " (still interrupted)" : ""));
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        });
        caller.start();
        awaitRequest();
        long start = System.nanoTime();
        caller.interrupt();
        assertEquals("GET " + uri + ": interrupted while waiting to try again (still interrupted)",
                outcome.get(5, TimeUnit.SECONDS));
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 5, "not the 30 s asked for");
        assertEquals(1, server.requests().size());
    }

    @Test
    void anAbortFromAnotherThreadEndsAnAsynchronousCallsWait() throws Exception {
        server.route("GET", "/x", r -> Reply.text(503, "later").withHeader("Retry-After", "30"));
        ManualHttpTime held = new ManualHttpTime(Instant.parse("2030-01-01T00:00:00Z")).holdWaits();
        try (Exchanges waiting = new Exchanges(connections, held, new ErrorAnswers(DtfJson.mapper()), io)) {
            CallControl control = new CallControl();
            CompletableFuture<String> call = waiting.callAsync(spec(true), control, ResponseBodies::text);
            CompletableFuture<Void> wait = held.awaitPendingWait(Duration.ofSeconds(5));
            control.abort();
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
            assertEquals("GET " + uri + ": aborted", e.getCause().getMessage());
            assertTrue(wait.isCancelled(), "the timer is cancelled, not left to fire");
        }
        assertEquals(1, server.requests().size());
    }

    private CallSpec spec(boolean idempotent) {
        return new CallSpec("GET " + uri, () -> new HttpGet(uri), null, PATIENT, idempotent, true,
                new TargetLimiter("test", null), Duration.ofMinutes(1));
    }

    private void awaitRequest() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.requests().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no request within 5 s");
            Thread.sleep(10);
        }
    }
}
