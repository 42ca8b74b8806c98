package io.dtf.connector.testrail.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.http.DtfHttpException;
import io.dtf.http.ExternalResults;
import io.dtf.http.JsonHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * TestRail's API v2 as its reference describes it: every method is {@code index.php?/api/v2/<method>/<ids>} (the
 * method in the query string, further parameters after {@code &}), JSON in and out, HTTP Basic with the user and
 * an API key. Failures become {@link ExternalSystemException}s with the {@link ExternalResults} of the answer and
 * TestRail's {@code error} text, except the 409 TestRail Cloud answers while it is in its daily maintenance: that
 * one is {@link Status#UNAVAILABLE} (retryable after {@link #MAINTENANCE_WAIT}), as TestRail asks clients to try
 * again a few minutes later.
 */
final class TestRailApi {
    /** Where every API method is, below the instance's URL. */
    static final String API = "/index.php?/api/v2/";
    /** How long to wait after a maintenance answer: TestRail says "try the request again in a few minutes". */
    static final Duration MAINTENANCE_WAIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonHttpClient http;

    TestRailApi(JsonHttpClient http) {
        this.http = http;
    }

    /** A read: {@code GET index.php?/api/v2/<method>/<id>}. */
    CompletableFuture<JsonNode> get(String method, long id) {
        return call(() -> http.get(API + method + "/{}", id).asAsync(JsonNode.class));
    }

    /**
     * Every entity of a list method ({@code get_runs}, {@code get_tests}), with its filters as query parameters after
     * the id ({@code get_runs/7&created_after=1765100000}), page after page: TestRail 6.7 and later answer
     * {@code {"offset", "limit", "size", "_links": {"next", "prev"}, "<key>": [...]}} (250 a page), {@code _links.next}
     * being the next page's path below {@code index.php?} ({@code /api/v2/get_runs/7&limit=250&offset=250}) or
     * {@code null} on the last; earlier versions answer the bare array, the whole list.
     */
    CompletableFuture<List<JsonNode>> list(String method, long id, String key, Map<String, Object> filters) {
        return page(() -> {
            JsonHttpClient.Call first = http.get(API + method + "/{}", id);
            filters.forEach(first::query);
            return first.asAsync(JsonNode.class);
        }, key, new ArrayList<>());
    }

    private CompletableFuture<List<JsonNode>> page(Supplier<CompletableFuture<JsonNode>> request, String key,
                                                   List<JsonNode> all) {
        return call(request).thenCompose(answer -> {
            JsonNode items = answer.isArray() ? answer : answer.path(key);
            items.forEach(all::add);
            String next = answer.isArray() || items.isEmpty() ? null : answer.path("_links").path("next").asText(null);
            if (next == null || next.isBlank()) {
                return CompletableFuture.completedFuture(all);
            }
            URI url = URI.create(http.baseUrl().toString().replaceFirst("/+$", "") + "/index.php?/" + next.replaceFirst("^/+", ""));
            return page(() -> http.request("GET", url).asAsync(JsonNode.class), key, all);
        });
    }

    /** A write: {@code POST index.php?/api/v2/<method>/<id>} with a JSON body ({@code {}} when there is none). */
    CompletableFuture<JsonNode> post(String method, long id, Map<String, Object> body) {
        return call(() -> http.post(API + method + "/{}", id).json(body).asAsync(JsonNode.class));
    }

    private static CompletableFuture<JsonNode> call(Supplier<CompletableFuture<JsonNode>> call) {
        return ExternalResults.of(() -> call.get().exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                inMaintenance(failure) ? new ExternalSystemException(maintenance(failure)) : failure)), TestRailApi::error);
    }

    /** The same failure with more said, and data on what was done before it. */
    static ExternalSystemResult withProgress(ExternalSystemResult failure, String said, Map<String, Object> data) {
        return new ExternalSystemResult(failure.status(), List.of(), null, data, failure.errorCode(),
                failure.message() + "; " + said, failure.retryAfter());
    }

    private static boolean inMaintenance(Throwable failure) {
        DtfHttpException answer = ExternalResults.answer(failure);
        return answer != null && answer.status() == 409
                && (answer.body() + " " + answer.getMessage()).toLowerCase(Locale.ROOT).contains("maintenance");
    }

    private static ExternalSystemResult maintenance(Throwable failure) {
        return new ExternalSystemResult(Status.UNAVAILABLE, List.of(), null, Map.of(), "maintenance",
                "TestRail is in maintenance, try again in a few minutes: " + ExternalResults.answer(failure).getMessage(),
                MAINTENANCE_WAIT);
    }

    /** TestRail's {@code {"error": "Field :case_ids is not a valid list."}}, or {@code null} for other bodies. */
    static String error(String body) {
        try {
            JsonNode error = body == null || body.isBlank() ? null : JSON.readTree(body).get("error");
            return error == null || !error.isTextual() ? null : error.asText();
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }
}
