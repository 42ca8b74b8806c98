package io.dtf.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How failed calls become {@link ExternalSystemResult}s, with answers as vendors send them. GitHub "Rate limits for
 * the REST API" (a secondary limit is a 403 or 429 whose message says so, with or without Retry-After).
 */
class ExternalResultsContractTest {
    @RegisterExtension
    static final WireMockExtension SERVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private ExternalSystemResult resultOf(int status, String body) {
        SERVER.stubFor(get(urlEqualTo("/x")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).retry(RetryPolicy.NONE).build()) {
            CompletionException e = assertThrows(CompletionException.class, () -> http.get("/x").textAsync().join());
            return ExternalResults.of(e);
        }
    }

    @Test
    void eachAnswerGetsTheStatusThatSaysWhetherToTryAgain() {
        assertEquals(Status.REJECTED, resultOf(401, "{\"message\":\"Bad credentials\"}").status());
        assertEquals("http_401", resultOf(401, "{\"message\":\"Bad credentials\"}").errorCode());
        assertEquals(Status.REJECTED, resultOf(403, "{\"message\":\"Resource not accessible by integration\"}").status());
        assertEquals(Status.NOT_FOUND, resultOf(404, "{\"message\":\"Not Found\"}").status());
        assertEquals(Status.REJECTED, resultOf(422, "{\"message\":\"Validation Failed\"}").status());
        assertEquals(Status.UNAVAILABLE, resultOf(502, "bad gateway").status());
        assertEquals("http_502", resultOf(502, "bad gateway").errorCode());
    }

    @Test
    void rateLimitsAreRateLimitedWhetherTheyCameAs429OrAsGitHubsSecondary403() {
        ExternalSystemResult limited = resultOf(429, "{\"message\":\"too many\"}");
        assertEquals(Status.RATE_LIMITED, limited.status());
        assertEquals(ExternalResults.DEFAULT_RATE_LIMIT_WAIT, limited.retryAfter());
        assertEquals(Status.RATE_LIMITED, resultOf(403,
                "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}")
                .status());
    }

    @Test
    void aLimitLongerThanTheCallMayWaitCarriesTheWaitItAskedFor() {
        SERVER.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl()))
                .maxRateLimitWait(Duration.ofSeconds(1)).build()) {
            CompletionException e = assertThrows(CompletionException.class, () -> http.get("/slow").textAsync().join());
            ExternalSystemResult result = ExternalResults.of(e);
            assertEquals(Status.RATE_LIMITED, result.status(), result.describe());
            Duration wait = result.retryAfter();
            assertEquals(true, wait.compareTo(Duration.ofSeconds(100)) > 0, "about 120 s: " + wait);
        }
    }

    @Test
    void noAnswerAtAllIsUnavailable() {
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create("http://127.0.0.1:9")).retry(RetryPolicy.NONE).build()) {
            CompletionException e = assertThrows(CompletionException.class, () -> http.get("/x").textAsync().join());
            ExternalSystemResult result = ExternalResults.of(e);
            assertEquals(Status.UNAVAILABLE, result.status(), result.describe());
            assertEquals(result, ExternalResults.exception(e).result());
        }
    }

    @Test
    void aFutureFailsWithTheResultAndTheVendorsDetail() {
        SERVER.stubFor(get(urlEqualTo("/notes")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":{\"note\":[\"is too long\"]}}")));
        try (JsonHttpClient http = JsonHttpClient.builder(URI.create(SERVER.baseUrl())).retry(RetryPolicy.NONE).build()) {
            CompletionException e = assertThrows(CompletionException.class, () -> ExternalResults.of(
                    () -> http.get("/notes").textAsync(), body -> body.contains("too long") ? "note is too long" : null).join());
            ExternalSystemException failure = (ExternalSystemException) e.getCause();
            assertEquals(Status.REJECTED, failure.result().status());
            assertTrue(failure.result().message().endsWith(": note is too long"), failure.result().message());

            CompletionException thrown = assertThrows(CompletionException.class, () -> ExternalResults.<String>of(() -> {
                throw new java.io.UncheckedIOException(new java.io.IOException("no route"));
            }).join());
            assertEquals(Status.UNAVAILABLE, ((ExternalSystemException) thrown.getCause()).result().status());
        }
    }
}
