package io.dtf.connector.prometheus.impl;

import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.http.ExternalResults;
import io.dtf.http.JsonHttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Prometheus Pushgateway's HTTP API (https://github.com/prometheus/pushgateway#api): {@code PUT
 * /metrics/job/<job>[/instance/<instance>]} replaces the group's metrics with the body in the text format 0.0.4;
 * {@code GET /-/ready} answers 200 when it is ready; {@code GET /api/v1/status} says its build. A grouping label
 * value with a {@code /} goes base64url-encoded ({@code job@base64/<value>}), as the API asks.
 */
final class Pushgateway {
    private final JsonHttpClient http;
    private final String groupPath;

    Pushgateway(JsonHttpClient http, String job, String instance) {
        this.http = http;
        StringBuilder path = new StringBuilder("/metrics").append(segment("job", job));
        if (instance != null && !instance.isBlank()) {
            path.append(segment("instance", instance.strip()));
        }
        this.groupPath = path.toString();
    }

    /** The path of this job's group, after the Pushgateway's base URL. */
    String groupPath() {
        return groupPath;
    }

    /** Replaces the group's metrics with these, written in the text format 0.0.4. */
    CompletableFuture<ExternalSystemResult> push(byte[] textFormat) {
        Exposition format = Exposition.text();
        return ExternalResults.of(() -> http.request("PUT", groupPath).body(textFormat, format.contentType()).sendAsync())
                .thenApply(done -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("url", http.baseUrl() + groupPath);
                    data.put("bytes", textFormat.length);
                    return ExternalSystemResult.ok(data);
                })
                .exceptionally(ExternalSystemResult::failure);
    }

    /** Whether it is up and ready to take pushes. */
    CompletableFuture<ExternalSystemResult> ready() {
        return ExternalResults.of(() -> http.get("/-/ready").textAsync())
                .thenApply(answer -> ExternalSystemResult.ok())
                .exceptionally(ExternalSystemResult::failure);
    }

    /** Its build information ({@code version}, {@code revision}, ...), as {@code /api/v1/status} gives it. */
    CompletableFuture<ExternalSystemResult> status() {
        return ExternalResults.of(() -> http.get("/api/v1/status").asAsync(Map.class))
                .thenApply(answer -> {
                    Object data = answer == null ? null : answer.get("data");
                    Object build = data instanceof Map<?, ?> m ? m.get("build_information") : null;
                    Map<String, Object> info = new LinkedHashMap<>();
                    if (build instanceof Map<?, ?> b) {
                        b.forEach((key, value) -> info.put(String.valueOf(key), value));
                    }
                    return ExternalSystemResult.ok(info);
                })
                .exceptionally(ExternalSystemResult::failure);
    }

    private static String segment(String label, String value) {
        if (value.contains("/")) {
            String encoded = Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
            return "/" + label + "@base64/" + encoded;
        }
        return "/" + label + "/" + JsonHttpClient.encodeSegment(value);
    }
}
