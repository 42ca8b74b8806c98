package io.dtf.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.http.testing.ManualHttpTime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Asynchronous calls: no thread held while a call waits, and a cancelled future ends its call. */
class AsyncCallContractTest {
    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void anAnswerArrivesInTheFutureAndAnErrorFailsIt() throws Exception {
        SERVER.stubFor(get(urlPathEqualTo("/ok")).willReturn(aResponse().withStatus(201).withHeader("Location", "/items/9")
                .withHeader("Content-Type", "application/json").withBody("{\"id\":9}")));
        SERVER.stubFor(get(urlPathEqualTo("/gone")).willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).build()) {
            HttpAnswer<Map> answer = http.get("/ok").answerAsync(Map.class).get(5, TimeUnit.SECONDS);
            assertEquals(201, answer.status());
            assertEquals("/items/9", answer.header("location"));
            assertEquals(Map.of("id", 9), answer.body());
            ExecutionException e = assertThrows(ExecutionException.class, () -> http.get("/gone").sendAsync().get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof DtfHttpException d && d.status() == 404, String.valueOf(e.getCause()));
        }
    }

    @Test
    void aCallWaitingForItsRateLimitHoldsNoThread() throws Exception {
        ManualHttpTime time = new ManualHttpTime(Instant.parse("2030-01-01T00:00:00Z")).holdWaits();
        SERVER.stubFor(get(urlPathEqualTo("/limited")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        SERVER.stubFor(get(urlPathEqualTo("/free")).willReturn(aResponse().withStatus(200).withBody("free")));
        // one connection, so one I/O thread: were it held by the waiting call, the second could not run
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).maxConnections(1).time(time).build()) {
            CompletableFuture<String> limited = http.get("/limited").textAsync();
            time.awaitPendingWait(Duration.ofSeconds(5));
            assertEquals("free", http.get("/free").target("other").textAsync().get(5, TimeUnit.SECONDS));
            assertFalse(limited.isDone());
            SERVER.stubFor(get(urlPathEqualTo("/limited")).willReturn(aResponse().withStatus(200).withBody("done")));
            time.advance(Duration.ofSeconds(30));
            assertEquals("done", limited.get(5, TimeUnit.SECONDS));
        }
        assertEquals(java.util.List.of(Duration.ofSeconds(30)), time.waits());
    }

    @Test
    void cancellingTheFutureDuringARetryWaitEndsTheWaitAndSendsNothingMore() throws Exception {
        ManualHttpTime time = new ManualHttpTime(Instant.parse("2030-01-01T00:00:00Z")).holdWaits();
        SERVER.stubFor(get(urlPathEqualTo("/busy")).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "20")));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).time(time).build()) {
            CompletableFuture<String> call = http.get("/busy").textAsync();
            CompletableFuture<Void> wait = time.awaitPendingWait(Duration.ofSeconds(5));
            assertTrue(call.cancel(true));
            // the call may be between asking for its timer and holding it: it cancels it as it takes hold
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!wait.isCancelled()) {
                assertTrue(System.nanoTime() < deadline, "the timer is cancelled with the call");
                Thread.sleep(5);
            }
            time.advance(Duration.ofMinutes(1));
        }
        SERVER.verify(1, getRequestedFor(urlPathEqualTo("/busy")));
    }

    @Test
    void cancellingTheFutureAbortsTheRequestInFlight() throws Exception {
        SERVER.stubFor(get(urlPathEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));
        SERVER.stubFor(get(urlPathEqualTo("/fast")).willReturn(aResponse().withStatus(200).withBody("fast")));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).maxConnections(1).build()) {
            CompletableFuture<String> slow = http.get("/slow").textAsync();
            awaitRequests("/slow", 1);
            long start = System.nanoTime();
            slow.cancel(true);
            // the one connection and I/O thread are free again at once, not after the 5 s answer
            assertEquals("fast", http.get("/fast").textAsync().get(2, TimeUnit.SECONDS));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2_000);
        }
    }

    @Test
    void closingTheClientFailsTheCallsStillWaiting() throws Exception {
        SERVER.stubFor(get(urlPathEqualTo("/busy")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")));
        CompletableFuture<String> call;
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).build()) {
            call = http.get("/busy").textAsync();
            awaitRequests("/busy", 1);
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(2, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof HttpTransportException, String.valueOf(e.getCause()));
        assertEquals("the HTTP client was closed before the call ended", e.getCause().getMessage());
    }

    @Test
    void aBlockingCallWaitsOnTheClientsTimeToo() {
        ManualHttpTime time = new ManualHttpTime(Instant.parse("2030-01-01T00:00:00Z"));
        SERVER.stubFor(get(urlPathEqualTo("/busy")).inScenario("s").willSetStateTo("up")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")));
        SERVER.stubFor(get(urlPathEqualTo("/busy")).inScenario("s").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("up")));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).time(time).build()) {
            assertEquals("up", http.get("/busy").text());
        }
        assertEquals(Duration.ofSeconds(2), time.waits().get(0));
    }

    private static void awaitRequests(String path, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (SERVER.findAll(getRequestedFor(urlPathEqualTo(path))).size() < count) {
            assertTrue(System.nanoTime() < deadline, "no request to " + path + " within 5 s");
            Thread.sleep(10);
        }
    }
}
