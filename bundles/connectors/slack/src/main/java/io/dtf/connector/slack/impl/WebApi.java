package io.dtf.connector.slack.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.http.ExternalResults;
import io.dtf.http.HttpAnswer;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Slack's Web API methods this connector calls, as JSON posts to {@code <apiUrl>/<method>} with the bot token as
 * {@code Authorization: Bearer} ("Using the Slack Web API", https://api.slack.com/web): {@code chat.postMessage},
 * {@code chat.update}, {@code reactions.add}, {@code auth.test}.
 *
 * <p>Slack answers a refused call with HTTP 200 and {@code {"ok": false, "error": "channel_not_found"}}; that becomes
 * the result's status and its {@code errorCode} ({@link #refused}). Errors of HTTP itself (401, 429 with
 * {@code Retry-After}, 5xx, no answer) are {@link ExternalResults}'. Every future completes with a result, never
 * exceptionally.
 */
final class WebApi {
    /** Slack's errors that mean the token is not (or no longer) good: refused for good. */
    private static final Set<String> AUTH_ERRORS = Set.of("invalid_auth", "not_authed", "account_inactive",
            "token_revoked", "token_expired", "no_permission", "missing_scope", "not_allowed_token_type");
    /** Slack's errors for a channel, message or thread that is not there (or that the token may not see). */
    private static final Set<String> NOT_FOUND = Set.of("channel_not_found", "message_not_found", "thread_not_found");
    private static final Set<String> RATE_LIMITED = Set.of("ratelimited", "rate_limited");
    /** Slack's errors of its own side, which its reference says may pass. */
    private static final Set<String> UNAVAILABLE = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout");

    private final JsonHttpClient http;

    WebApi(JsonHttpClient http) {
        this.http = http;
    }

    /**
     * {@code chat.postMessage} ("chat.postMessage", https://api.slack.com/methods/chat.postMessage): the message as an
     * item ({@code message}, its {@code ts} as id; fields {@code channel}, {@code ts}, {@code thread_ts}).
     *
     * @param message the body: {@code channel}, {@code text}, {@code blocks}, {@code thread_ts}, ...
     * @param rateKey the channel the per-channel limit counts it against, as configured
     */
    CompletableFuture<ExternalSystemResult> postMessage(Map<String, Object> message, String rateKey, URI teamUrl) {
        return call("chat.postMessage", message, "slack:" + rateKey,
                answer -> ExternalSystemResult.ok(item(answer, (String) message.get("thread_ts"), teamUrl)));
    }

    /** {@code chat.update} (https://api.slack.com/methods/chat.update): {@code channel}, {@code ts}, {@code text}, {@code blocks}. */
    CompletableFuture<ExternalSystemResult> update(Map<String, Object> message, URI teamUrl) {
        return call("chat.update", message, null, answer -> ExternalSystemResult.ok(item(answer, null, teamUrl)));
    }

    /** {@code reactions.add} (https://api.slack.com/methods/reactions.add): {@code channel}, {@code name}, {@code timestamp}. */
    CompletableFuture<ExternalSystemResult> addReaction(Map<String, Object> reaction) {
        return call("reactions.add", reaction, null, answer -> ExternalSystemResult.ok());
    }

    /**
     * {@code auth.test} (https://api.slack.com/methods/auth.test): whom the token belongs to, in the result's data
     * ({@code url}, {@code team}, {@code team_id}, {@code user}, {@code user_id}, {@code bot_id}).
     */
    CompletableFuture<ExternalSystemResult> authTest() {
        return call("auth.test", Map.of(), null, answer -> {
            Map<String, Object> data = new LinkedHashMap<>();
            for (String name : List.of("url", "team", "team_id", "user", "user_id", "bot_id", "enterprise_id")) {
                if (answer.hasNonNull(name)) {
                    data.put(name, answer.get(name).asText());
                }
            }
            return ExternalSystemResult.ok(data);
        });
    }

    private CompletableFuture<ExternalSystemResult> call(String method, Map<String, Object> body, String rateTarget,
                                                         Function<JsonNode, ExternalSystemResult> ok) {
        try {
            JsonHttpClient.Call call = http.post("/" + method).json(body);
            if (rateTarget != null) {
                call.target(rateTarget);
            }
            return call.answerAsync(JsonNode.class)
                    .thenApply(answer -> isOk(answer) ? ok.apply(answer.body()) : refused(method, answer))
                    .exceptionally(ExternalResults::of);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ExternalResults.of(e));
        }
    }

    private static boolean isOk(HttpAnswer<JsonNode> answer) {
        return answer.body() != null && answer.body().path("ok").asBoolean(false);
    }

    /** Slack's {@code "ok": false} answer as a result. */
    static ExternalSystemResult refused(String method, HttpAnswer<JsonNode> answer) {
        JsonNode body = answer.body();
        String error = body == null ? "invalid_response" : body.path("error").asText("unknown_error");
        String message = Secrets.redact("Slack refused " + method + ": " + error + detail(body));
        if (RATE_LIMITED.contains(error)) {
            return ExternalSystemResult.rateLimited(retryAfter(answer.header("Retry-After")), message);
        }
        Status status = NOT_FOUND.contains(error) ? Status.NOT_FOUND
                : UNAVAILABLE.contains(error) ? Status.UNAVAILABLE : Status.REJECTED;
        return new ExternalSystemResult(status, null, null, null, error, message, null);
    }

    /** Whether a failure says the token is not good, so that the connector is not connected. */
    static boolean authFailure(ExternalSystemResult result) {
        return AUTH_ERRORS.contains(result.errorCode()) || "http_401".equals(result.errorCode());
    }

    /** What Slack adds to an error: the scope needed ({@code missing_scope}) and {@code response_metadata.messages}. */
    private static String detail(JsonNode body) {
        if (body == null) {
            return "";
        }
        List<String> details = new ArrayList<>();
        if (body.hasNonNull("needed")) {
            details.add("needed " + body.get("needed").asText());
        }
        body.path("response_metadata").path("messages").forEach(line -> details.add(line.asText()));
        return details.isEmpty() ? "" : " (" + String.join("; ", details) + ")";
    }

    private static Duration retryAfter(String header) {
        try {
            return header == null ? ExternalResults.DEFAULT_RATE_LIMIT_WAIT : Duration.ofSeconds(Long.parseLong(header.strip()));
        } catch (NumberFormatException notSeconds) {
            return ExternalResults.DEFAULT_RATE_LIMIT_WAIT;
        }
    }

    /**
     * The posted message as an item; its URL is the workspace's permalink form
     * ({@code <workspace url>archives/<channel>/p<ts without the dot>}) once {@code auth.test} told the workspace's URL.
     */
    static ExternalItem item(JsonNode answer, String threadTs, URI teamUrl) {
        String channel = answer.path("channel").asText();
        String ts = answer.path("ts").asText();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("channel", channel);
        fields.put("ts", ts);
        if (threadTs != null) {
            fields.put("thread_ts", threadTs);
        }
        URI url = teamUrl == null || channel.isEmpty() || ts.isEmpty() ? null
                : teamUrl.resolve("archives/" + channel + "/p" + ts.replace(".", ""));
        return new ExternalItem("message", ts, null, url, fields);
    }
}
