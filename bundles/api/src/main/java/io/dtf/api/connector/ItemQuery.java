package io.dtf.api.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A search for items of one type. Give {@code text} in the system's own query language where the connector has one
 * ({@link ConnectorCapabilities#queryLanguage()}: JQL for Jira, PromQL for Prometheus), or {@code criteria} as
 * field/value pairs that all must match, or both.
 *
 * @param type the item type searched
 * @param text a query in the system's language, or {@code null}
 * @param criteria fields and the values they must have; empty for none
 * @param limit the most items one answer holds, 1 to {@value #MAX_LIMIT}
 * @param cursor where to go on: the {@link ExternalSystemResult#nextCursor()} of the previous page, or {@code null}
 *     for the first page
 */
public record ItemQuery(String type, String text, Map<String, Object> criteria, int limit, String cursor) {
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 50;

    public ItemQuery {
        Objects.requireNonNull(type, "type");
        criteria = criteria == null || criteria.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(criteria));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    /** The first {@value #DEFAULT_LIMIT} items of a type that match a query in the system's language. */
    public static ItemQuery text(String type, String text) {
        return new ItemQuery(type, text, Map.of(), DEFAULT_LIMIT, null);
    }

    /** The first {@value #DEFAULT_LIMIT} items of a type whose fields have these values. */
    public static ItemQuery matching(String type, Map<String, Object> criteria) {
        return new ItemQuery(type, null, criteria, DEFAULT_LIMIT, null);
    }

    /** The same query for the page after the one that answered with {@code nextCursor}. */
    public ItemQuery next(String nextCursor) {
        return new ItemQuery(type, text, criteria, limit, Objects.requireNonNull(nextCursor, "nextCursor"));
    }

    /** The same query with another page size. */
    public ItemQuery limit(int newLimit) {
        return new ItemQuery(type, text, criteria, newLimit, cursor);
    }
}
