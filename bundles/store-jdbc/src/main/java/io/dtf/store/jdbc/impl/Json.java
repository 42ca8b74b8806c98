package io.dtf.store.jdbc.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Requirements;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The JSON columns: task spec (and event data, of the same shape), requirements, run labels, result artifacts and
 * metrics, test case properties.
 */
final class Json {
    private static final TypeReference<Map<String, Object>> SPEC = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };
    private static final TypeReference<List<String>> ARTIFACTS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() { };

    private final ObjectMapper mapper = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "cannot store as JSON: " + e.getOriginalMessage(), e);
        }
    }

    Map<String, Object> spec(String json) {
        return read(json, SPEC, Map.of());
    }

    Map<String, String> labels(String json) {
        return read(json, LABELS, Map.of());
    }

    List<String> artifacts(String json) {
        return read(json, ARTIFACTS, List.of());
    }

    /** A test case's properties, in the order they were written (Jackson reads an object into a LinkedHashMap). */
    Map<String, String> properties(String json) {
        return read(json, LABELS, Map.of());
    }

    Map<String, Double> metrics(String json) {
        return read(json, METRICS, Map.of());
    }

    /** The parts of a CI context beyond its searchable columns, for {@code runs.ci_json}. */
    private record CIDetails(String buildId, URI buildUrl, Map<String, String> attributes) {
    }

    String ciDetails(CIContext ci) {
        return write(new CIDetails(ci.buildId(), ci.buildUrl(), ci.attributes()));
    }

    /** A run's CI context from its columns and {@link #ciDetails}. */
    CIContext ci(String provider, String repository, String commit, String branch, Integer pullRequest,
                 String detailsJson) {
        CIDetails details = read(detailsJson, new TypeReference<>() { }, new CIDetails(null, null, Map.of()));
        return new CIContext(provider, repository, commit, branch, pullRequest, details.buildId(), details.buildUrl(),
                details.attributes());
    }

    Requirements requirements(String json) {
        if (json == null) {
            return Requirements.NONE;
        }
        try {
            return mapper.readValue(json, Requirements.class);
        } catch (JsonProcessingException e) {
            throw corrupt(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type, T empty) {
        if (json == null) {
            return empty;
        }
        try {
            T value = mapper.readValue(json, type);
            return value == null ? empty : value;
        } catch (JsonProcessingException e) {
            throw corrupt(e);
        }
    }

    private static DtfException corrupt(JsonProcessingException e) {
        return new DtfException(ErrorCode.INTERNAL, "unreadable JSON in the task store: " + e.getOriginalMessage(), e);
    }
}
