package io.dtf.ci.jenkins.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.DtfHttpException;
import io.dtf.http.HttpAnswer;
import io.dtf.http.JsonHttpClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Jenkins' CSRF crumbs, for a user who signs in with a password (https://www.jenkins.io/doc/book/security/csrf-protection/):
 * {@code GET {jenkinsUrl}crumbIssuer/api/json} gives {@code crumbRequestField} and {@code crumb}, which a POST sends
 * as that header. Since Jenkins 2.176.2 a crumb is valid only in the web session it was issued in, so the session
 * cookie of that answer goes with it. One crumb serves until Jenkins refuses it; a Jenkins without a crumb issuer
 * (404: CSRF protection off) needs none. Thread-safe.
 */
final class Crumbs {
    /** A crumb and the session it belongs to; {@link #NONE} when Jenkins issues none. */
    record Crumb(String field, String value, String cookie) {
        static final Crumb NONE = new Crumb(null, null, null);

        JsonHttpClient.Call on(JsonHttpClient.Call call) {
            if (field != null) {
                call.header(field, value);
            }
            return cookie == null || cookie.isEmpty() ? call : call.header("Cookie", cookie);
        }
    }

    private final JsonHttpClient http;
    private CompletableFuture<Crumb> current;

    Crumbs(JsonHttpClient http) {
        this.http = http;
    }

    /** The crumb in use, fetched when there is none yet or the last fetch failed. */
    synchronized CompletableFuture<Crumb> crumb() {
        if (current == null || current.isCompletedExceptionally()) {
            current = fetch();
        }
        return current;
    }

    /** A new crumb in place of {@code refused}; the one fetched since when another call has renewed it already. */
    synchronized CompletableFuture<Crumb> renew(Crumb refused) {
        if (current != null && (!current.isDone() || !current.isCompletedExceptionally() && current.join() != refused)) {
            return current;
        }
        current = fetch();
        return current;
    }

    private CompletableFuture<Crumb> fetch() {
        return http.get("/crumbIssuer/api/json").answerAsync(JsonNode.class).thenApply(Crumbs::of)
                .exceptionallyCompose(failure -> issuerMissing(failure) ? CompletableFuture.completedFuture(Crumb.NONE)
                        : CompletableFuture.failedFuture(failure));
    }

    private static Crumb of(HttpAnswer<JsonNode> answer) {
        JsonNode body = answer.body();
        String field = body == null ? null : body.path("crumbRequestField").asText(null);
        String value = body == null ? null : body.path("crumb").asText(null);
        if (field == null || value == null) {
            return Crumb.NONE;
        }
        List<String> cookies = answer.headers().getOrDefault("Set-Cookie", List.of());
        String cookie = cookies.stream().map(c -> c.split(";", 2)[0].strip()).filter(c -> c.contains("="))
                .collect(Collectors.joining("; "));
        return new Crumb(field, value, cookie);
    }

    private static boolean issuerMissing(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause instanceof DtfHttpException answer && answer.status() == 404;
    }
}
