package io.dtf.connector.jira.impl;

import java.net.URI;
import java.util.Map;

/**
 * The parameters of an operation or the fields of an item as a caller gives them, read with clear errors: a missing
 * or malformed one is an {@link IllegalArgumentException} naming it, which the connector answers as REJECTED
 * ({@code invalid_parameters}) without a request.
 */
final class Parameters {
    private final String what;
    private final Map<String, Object> values;

    Parameters(String what, Map<String, Object> values) {
        this.what = what;
        this.values = values == null ? Map.of() : values;
    }

    String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw new IllegalArgumentException(what + " needs the parameter '" + name + "'");
        }
        return value;
    }

    /** The parameter as text, stripped; {@code null} when absent or blank. */
    String optional(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    String optional(String name, String fallback) {
        String value = optional(name);
        return value == null ? fallback : value;
    }

    URI uri(String name) {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("not http(s)");
            }
            return uri;
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(what + ": the parameter '" + name + "' must be an http(s) URL, not '"
                    + value + "'", bad);
        }
    }

    int number(String name, int fallback, int min, int max) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new IllegalArgumentException(what + ": the parameter '" + name + "' must be a number from " + min
                + " to " + max + ", not '" + value + "'");
    }
}
