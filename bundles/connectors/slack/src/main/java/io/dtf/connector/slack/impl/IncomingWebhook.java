package io.dtf.connector.slack.impl;

import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.http.DtfHttpException;
import io.dtf.http.ExternalResults;
import io.dtf.http.JsonHttpClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Posts to an incoming webhook ("Sending messages using incoming webhooks", https://api.slack.com/messaging/webhooks):
 * a JSON body with {@code text} and {@code blocks} to the webhook's URL, which is the secret (the client is built with
 * {@code secretPath()}, so messages show its host only). Slack answers {@code ok} as text, or an HTTP error whose body
 * is Slack's error as text ("Handling errors": 400 {@code invalid_payload}, {@code no_text}; 403
 * {@code action_prohibited}; 404 {@code channel_not_found}, {@code no_service}; 410 {@code channel_is_archived};
 * 429 with {@code Retry-After}; 500 {@code rollup_error}): that text becomes the result's {@code errorCode}, the status
 * is {@link ExternalResults}' for the HTTP status. A webhook answers no message {@code ts}, so it cannot start a thread.
 */
final class IncomingWebhook {
    /** The rate-limit target of the webhook: one channel, Slack's one message a second. */
    static final String TARGET = "slack:webhook";
    private static final Pattern SLACK_ERROR = Pattern.compile("[a-z][a-z0-9_]{1,63}");

    private final JsonHttpClient http;

    IncomingWebhook(JsonHttpClient http) {
        this.http = http;
    }

    CompletableFuture<ExternalSystemResult> post(Map<String, Object> message) {
        try {
            return http.post("").target(TARGET).json(message).textAsync()
                    .thenApply(IncomingWebhook::answered)
                    .exceptionally(IncomingWebhook::failed);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ExternalResults.of(e));
        }
    }

    private static ExternalSystemResult answered(String text) {
        String answer = text == null ? "" : text.strip();
        return answer.equals("ok") ? ExternalSystemResult.ok(Map.of("response", "ok"))
                : ExternalSystemResult.rejected("unexpected_answer", "the incoming webhook answered \"" + BlockKit.cut(answer, 200)
                        + "\" instead of ok");
    }

    private static ExternalSystemResult failed(Throwable failure) {
        ExternalSystemResult result = ExternalResults.of(failure);
        DtfHttpException answer = ExternalResults.answer(failure);
        String error = answer == null || answer.body() == null ? "" : answer.body().strip();
        if (!SLACK_ERROR.matcher(error).matches() || result.success()) {
            return result;
        }
        return new ExternalSystemResult(result.status(), result.items(), null, result.data(), error, result.message(),
                result.retryAfter());
    }
}
