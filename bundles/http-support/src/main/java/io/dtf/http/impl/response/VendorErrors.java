package io.dtf.http.impl.response;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The error text in a vendor's JSON error body, wherever the vendor puts it: {@code message} (GitHub,
 * GitLab, Azure DevOps, CircleCI), {@code error} as text (Slack, TestRail, GitLab's OAuth) or as an
 * object with a {@code message} (Bitbucket Cloud), {@code errorMessages} and {@code errors} (Jira),
 * {@code error_message} (Travis CI), {@code error_description} (OAuth 2). GitHub's validation
 * {@code errors} are added to its message.
 */
final class VendorErrors {
    private static final int MAX_PARTS = 5;

    private VendorErrors() {
    }

    /** The error text, or {@code null} when the body has none of the known fields. */
    static String message(JsonNode doc) {
        List<String> parts = new ArrayList<>();
        add(parts, doc.get("message"));
        add(parts, doc.get("error_message"));
        JsonNode error = doc.get("error");
        add(parts, error != null && error.isObject() ? error.get("message") : error);
        add(parts, doc.get("error_description"));
        for (JsonNode m : doc.path("errorMessages")) {
            add(parts, m);
        }
        JsonNode errors = doc.get("errors");
        if (errors != null && errors.isObject()) {
            errors.fields().forEachRemaining(e -> add(parts, e.getKey() + ": " + e.getValue().asText()));
        } else if (errors != null && errors.isArray()) {
            for (JsonNode e : errors) {
                add(parts, e.isObject() && e.hasNonNull("message") ? e.get("message")
                        : e.isObject() && e.hasNonNull("code") ? e.get("code") : e);
            }
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static void add(List<String> parts, JsonNode value) {
        if (value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
            add(parts, value.asText());
        }
    }

    private static void add(List<String> parts, String text) {
        if (parts.size() < MAX_PARTS && !parts.contains(text)) {
            parts.add(text);
        }
    }
}
