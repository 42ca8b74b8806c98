package io.dtf.ci.gitlab.impl;

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
     * The call's future, failed (when it fails) with the {@link ExternalResults} of GitLab's answer (or of no
     * answer), GitLab's validation errors in its message: a parked report says what GitLab refused.
     */
    static <T> CompletableFuture<T> external(Supplier<CompletableFuture<T>> call) {
        return ExternalResults.of(call, Failures::validationErrors);
    }

    /**
     * GitLab's validation errors, {@code {"message": {"note": ["is too long"]}}}, as {@code note is too long}; {@code
     * null} for other bodies (a text message is in the exception's message already).
     */
    static String validationErrors(String body) {
        JsonNode message;
        try {
            message = body == null || body.isBlank() ? null : JSON.readTree(body).get("message");
        } catch (JsonProcessingException notJson) {
            return null;
        }
        if (message == null || !message.isObject()) {
            return null;
        }
        List<String> errors = new ArrayList<>();
        message.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            for (JsonNode problem : value.isArray() ? value : JSON.createArrayNode().add(value)) {
                errors.add(field.getKey() + " " + problem.asText());
            }
        });
        return errors.isEmpty() ? null : String.join("; ", errors);
    }
}
