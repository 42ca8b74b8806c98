package io.dtf.http;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A successful answer with what a connector may need besides its body: the status (200 or 201) and
 * the headers ({@code Location}, {@code ETag}, {@code Link}).
 *
 * @param status the HTTP status
 * @param headers every header's values, names in any case
 * @param body the body as the type asked for; {@code null} when empty
 */
public record HttpAnswer<T>(int status, Map<String, List<String>> headers, T body) {
    public HttpAnswer {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> byName.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(byName);
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
