package io.dtf.ci.bitbucket.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.connector.ExternalSystemException;
import io.dtf.http.ExternalResults;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** How this provider's futures fail: always with an {@link ExternalSystemException} that says whether to retry. */
final class Failures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Failures() {
    }

    /**
     * The call's future, failed (when it fails) with the {@link ExternalResults} of Bitbucket's answer (or of no
     * answer), the {@code detail} and {@code fields} of Bitbucket's error in its message: a parked report says what
     * Bitbucket refused.
     */
    static <T> CompletableFuture<T> external(Supplier<CompletableFuture<T>> call) {
        return ExternalResults.of(call, Failures::errorDetail);
    }

    /**
     * What Bitbucket's error says beyond its message, {@code {"type": "error", "error": {"message": ..., "detail":
     * "...", "fields": {"url": ["..."]}}}}, as {@code detail; url ...}; {@code null} when nothing.
     */
    static String errorDetail(String body) {
        JsonNode error;
        try {
            error = body == null || body.isBlank() ? null : JSON.readTree(body).get("error");
        } catch (JsonProcessingException notJson) {
            return null;
        }
        if (error == null || !error.isObject()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (error.path("detail").isTextual() && !error.path("detail").asText().isBlank()) {
            parts.add(error.path("detail").asText());
        }
        error.path("fields").fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            for (JsonNode problem : value.isArray() ? value : JSON.createArrayNode().add(value)) {
                parts.add(field.getKey() + ": " + problem.asText());
            }
        });
        return parts.isEmpty() ? null : String.join("; ", parts);
    }
}
