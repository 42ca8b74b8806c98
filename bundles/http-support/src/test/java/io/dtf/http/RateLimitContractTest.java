package io.dtf.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.ErrorCode;
import io.dtf.api.connector.RateLimit;
import io.dtf.http.testing.ManualHttpTime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rate limits of SaaS APIs as they announce them, against a real server (WireMock). Waits are
 * measured on a {@link ManualHttpTime}: exact, and without waiting. References: RFC 9110 10.2.3
 * (Retry-After); GitHub "Rate limits for the REST API" (x-ratelimit-remaining/-reset in epoch seconds,
 * secondary limits: 403 or 429, retry-after, else wait at least a minute); draft-ietf-httpapi-ratelimit-
 * headers (RateLimit-Remaining/-Reset in seconds); Slack "Rate limits" (429 with Retry-After).
 */
class RateLimitContractTest {
    /** 2030-01-01T00:00:00Z, so that HTTP dates and epoch seconds in stubs are fixed. */
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final ManualHttpTime time = new ManualHttpTime(T0);
    private final JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).time(time)
            .retry(new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30),
                    Duration.ofMinutes(1)))
            .maxRateLimitWait(Duration.ofMinutes(5)).build();

    @AfterEach
    void close() {
        http.close();
    }

    @Test
    void a429WithRetryAfterInSecondsWaitsThatLongThenRetries() {
        sequence("/api/chat.postMessage", aResponse().withStatus(429).withHeader("Retry-After", "30"),
                aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"ok\":true}"));
        assertEquals(Map.of("ok", true), http.post("/api/chat.postMessage").json(Map.of("text", "hi")).as(Map.class));
        assertEquals(List.of(Duration.ofSeconds(30)), time.waits());
        SERVER.verify(2, postRequestedFor(urlPathEqualTo("/api/chat.postMessage")));
    }

    @Test
    void a429WithRetryAfterAsAnHttpDateWaitsUntilThen() {
        sequence("/x", aResponse().withStatus(429).withHeader("Retry-After", "Tue, 01 Jan 2030 00:00:20 GMT"),
                aResponse().withStatus(204));
        http.get("/x").send();
        assertEquals(List.of(Duration.ofSeconds(20)), time.waits());
    }

    @Test
    void aSpentXRateLimitHoldsTheNextCallUntilTheResetInEpochSeconds() {
        long reset = T0.getEpochSecond() + 42;
        SERVER.stubFor(get(urlPathEqualTo("/repos/o/r")).willReturn(aResponse().withStatus(200)
                .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", String.valueOf(reset)).withBody("{}")));
        http.get("/repos/o/r").send();
        assertEquals(List.of(), time.waits(), "the answer that spends the limit is not held back");
        http.get("/repos/o/r").send();
        assertEquals(List.of(Duration.ofSeconds(42)), time.waits());
    }

    @Test
    void theIetfDraftsRateLimitHeadersCountInSecondsFromNow() {
        SERVER.stubFor(get(urlPathEqualTo("/projects")).willReturn(aResponse().withStatus(200)
                .withHeader("RateLimit-Remaining", "0").withHeader("RateLimit-Reset", "17").withBody("[]")));
        http.get("/projects").send();
        http.get("/projects").send();
        assertEquals(List.of(Duration.ofSeconds(17)), time.waits());
    }

    @Test
    void githubsSecondaryLimitWithoutRetryAfterWaitsAMinuteThenRetriesEvenAPost() {
        sequence("/repos/o/r/issues", aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes"
                                + " before you try again.\",\"documentation_url\":\"https://docs.github.com/rest\"}"),
                aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"number\":7}"));
        assertEquals(7, http.post("/repos/o/r/issues").json(Map.of("title", "t")).as(Map.class).get("number"));
        assertEquals(List.of(Duration.ofMinutes(1)), time.waits());
        SERVER.verify(2, postRequestedFor(urlPathEqualTo("/repos/o/r/issues")));
    }

    @Test
    void githubsSecondaryLimitWithRetryAfterWaitsWhatItSays() {
        sequence("/repos/o/r/pulls", aResponse().withStatus(403).withHeader("Retry-After", "7")
                .withBody("{\"message\":\"You have exceeded a secondary rate limit.\"}"), aResponse().withStatus(204));
        http.get("/repos/o/r/pulls").send();
        assertEquals(List.of(Duration.ofSeconds(7)), time.waits());
    }

    @Test
    void aPlain403IsNotRetried() {
        SERVER.stubFor(get(urlPathEqualTo("/admin")).willReturn(aResponse().withStatus(403)
                .withBody("{\"message\":\"Must have admin rights to Repository.\"}")));
        DtfHttpException e = assertThrows(DtfHttpException.class, () -> http.get("/admin").send());
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("Must have admin rights"), e.getMessage());
        SERVER.verify(1, getRequestedFor(urlPathEqualTo("/admin")));
    }

    @Test
    void aWaitLongerThanTheCallMayWaitFailsNamingTargetAndWaitWithoutWaiting() {
        SERVER.stubFor(get(urlPathEqualTo("/slow")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")
                .withBody("{\"message\":\"API rate limit exceeded\"}")));
        RateLimitExceededException e = assertThrows(RateLimitExceededException.class,
                () -> http.get("/slow").maxRateLimitWait(Duration.ofMinutes(2)).send());
        String target = "localhost:" + SERVER.getPort();
        assertEquals(target, e.target());
        assertEquals(Duration.ofSeconds(3600), e.requiredWait());
        assertEquals(429, e.status());
        assertEquals(ErrorCode.TOO_MANY_REQUESTS, e.code());
        assertTrue(e.getMessage().contains("the rate limit of " + target + " asks for a wait of 3600 s, more than the"
                + " 120 s this call may wait"), e.getMessage());
        assertTrue(e.getMessage().contains("API rate limit exceeded"), e.getMessage());
        assertEquals(List.of(), time.waits(), "no wait is started that cannot end in time");
        SERVER.verify(1, getRequestedFor(urlPathEqualTo("/slow")));
    }

    @Test
    void aStatedLimitSpacesCallsPerTargetAndTargetsDoNotWaitForEachOther() {
        SERVER.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(200).withBody("{}")));
        try (JsonHttpClient slack = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).time(time)
                .rateLimit(RateLimit.perSecond(1)).build()) {
            for (String channel : List.of("C1", "C1", "C2", "C1")) {
                slack.post("/api/chat.postMessage").target("slack:" + channel).json(Map.of("channel", channel)).send();
            }
        }
        // C1's second message waits its second; C2's first does not; C1's third is a second after its second
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), time.waits());
    }

    @Test
    void aStatedLimitPerMinuteLetsItsPermitsThroughThenWaitsForTheWindow() {
        SERVER.stubFor(post(urlPathEqualTo("/repos/o/r/issues")).willReturn(aResponse().withStatus(201).withBody("{}")));
        try (JsonHttpClient github = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).time(time)
                .rateLimit("github-content", RateLimit.perMinute(3)).build()) {
            for (int i = 0; i < 4; i++) {
                github.post("/repos/o/r/issues").target("github-content").json(Map.of("title", "t" + i)).send();
            }
        }
        assertEquals(List.of(Duration.ofMinutes(1)), time.waits());
    }

    @Test
    void aStatedLimitLongerThanTheCallMayWaitFailsWithoutSending() {
        SERVER.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        try (JsonHttpClient teams = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).time(time)
                .rateLimit(RateLimit.perMinute(1)).maxRateLimitWait(Duration.ofSeconds(10)).build()) {
            teams.post("/hook").json(Map.of()).send();
            RateLimitExceededException e = assertThrows(RateLimitExceededException.class,
                    () -> teams.post("/hook").json(Map.of()).send());
            assertEquals(Duration.ofMinutes(1), e.requiredWait());
            assertEquals(429, e.status());
        }
        SERVER.verify(1, postRequestedFor(urlPathEqualTo("/hook")));
    }

    /** The answers to {@code path}, one per request, the last one repeated. */
    private static void sequence(String path, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i == answers.length - 1 ? state : "answer " + (i + 1);
            SERVER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlPathEqualTo(path)).inScenario(path)
                    .whenScenarioStateIs(state).willSetStateTo(next).willReturn(answers[i]));
            state = next;
        }
    }
}
