package io.dtf.connector.jira.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.DtfJson;
import java.util.ArrayList;
import java.util.List;

/** What Jira's error answers say, for a failed result's message. */
final class JiraErrors {
    private JiraErrors() {
    }

    /**
     * Every error of Jira's error document ("Status codes", {@code {"errorMessages": [...], "errors": {"field":
     * "message"}}}): the request-wide messages, then each field's as {@code field: message}; {@code null} for other
     * bodies. The HTTP client's own message keeps only the first few, so that a refused issue with many invalid fields
     * names them all.
     */
    static String detail(String body) {
        JsonNode doc;
        try {
            doc = body == null || body.isBlank() ? null : DtfJson.mapper().readTree(body);
        } catch (JsonProcessingException notJson) {
            return null;
        }
        if (doc == null || !doc.isObject()) {
            return null;
        }
        List<String> said = new ArrayList<>();
        doc.path("errorMessages").forEach(message -> said.add(message.asText()));
        doc.path("errors").fields().forEachRemaining(field -> said.add(field.getKey() + ": " + field.getValue().asText()));
        return said.isEmpty() ? null : String.join("; ", said);
    }
}
