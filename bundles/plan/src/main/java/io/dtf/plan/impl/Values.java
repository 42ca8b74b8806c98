package io.dtf.plan.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads one value of a plan: each method returns the value, or {@code null} after adding a problem at
 * {@code loc}. A {@code null} node (key absent, or {@code key:} with no value) is never passed here.
 */
public final class Values {
    private static final String DURATION_HINT = "(use 10m, 90s, 2h or PT10M)";

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final Problems problems;

    public Values(Problems problems) {
        this.problems = problems;
    }

    /** Whether a key is left out: not there, {@code null}, or empty (YAML's {@code key:} with nothing after it). */
    public static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.isTextual() && node.textValue().isEmpty();
    }

    /** A value as plain Java: String, Integer, Long, BigInteger, Double, Boolean, List or Map. */
    public static Object plain(JsonNode node) {
        try {
            return PLAIN.treeToValue(node, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always converts to plain values", e);
        }
    }

    public void problem(String loc, String message) {
        problems.add(loc, message);
    }

    public int problemCount() {
        return problems.count();
    }

    public String string(JsonNode node, String loc) {
        if (!node.isTextual()) {
            problems.add(loc, "must be a string");
            return null;
        }
        return node.textValue();
    }

    /** A string that is not blank and at most {@code max} characters long. */
    public String text(JsonNode node, String loc, int max) {
        String s = string(node, loc);
        if (s == null) {
            return null;
        }
        if (s.isBlank()) {
            problems.add(loc, "must not be empty");
            return null;
        }
        if (s.length() > max) {
            problems.add(loc, "must be at most " + max + " characters (is " + s.length() + ")");
            return null;
        }
        return s;
    }

    public Integer integer(JsonNode node, String loc) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problems.add(loc, "must be an integer");
            return null;
        }
        return node.intValue();
    }

    public Integer integer(JsonNode node, String loc, int min, int max) {
        Integer i = integer(node, loc);
        if (i != null && (i < min || i > max)) {
            problems.add(loc, "must be between " + min + " and " + max + " (is " + i + ")");
            return null;
        }
        return i;
    }

    public Integer positiveInt(JsonNode node, String loc) {
        Integer i = integer(node, loc);
        return i != null && i <= 0 ? notPositive(loc) : i;
    }

    public Long positiveLong(JsonNode node, String loc) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            problems.add(loc, "must be an integer");
            return null;
        }
        long l = node.longValue();
        return l <= 0 ? notPositive(loc) : Long.valueOf(l);
    }

    private <T> T notPositive(String loc) {
        problems.add(loc, "must be positive");
        return null;
    }

    public Boolean bool(JsonNode node, String loc) {
        if (!node.isBoolean()) {
            problems.add(loc, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    /** A positive duration of at most {@code max}. */
    public Duration duration(JsonNode node, String loc, Duration max) {
        Duration d = node.isTextual() ? durationOrNull(node.textValue()) : null;
        if (d == null) {
            problems.add(loc, Keys.quote(node.isTextual() ? node.textValue() : node.toString())
                    + " is not a duration " + DURATION_HINT);
            return null;
        }
        if (d.isZero() || d.isNegative()) {
            problems.add(loc, "must be positive");
            return null;
        }
        if (d.compareTo(max) > 0) {
            problems.add(loc, "must be at most " + Durations.format(max) + " (is " + node.textValue() + ")");
            return null;
        }
        return d;
    }

    private static Duration durationOrNull(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException notADuration) {
            return null; // the caller names the key and the forms plans use
        }
    }

    /** An ISO-8601 instant: {@code 2026-11-27T10:00:00Z} or with an offset. */
    public Instant instant(JsonNode node, String loc) {
        if (node.isTextual()) {
            try {
                return Instant.parse(node.textValue().strip());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        problems.add(loc, Keys.quote(node.isTextual() ? node.textValue() : node.toString())
                + " is not an ISO-8601 instant (use e.g. 2026-11-27T10:00:00Z)");
        return null;
    }

    /** A list of strings; numbers and booleans are taken as their text. */
    public List<String> stringList(JsonNode node, String loc) {
        if (!node.isArray()) {
            problems.add(loc, "must be a list of strings");
            return null;
        }
        List<String> result = new ArrayList<>(node.size());
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            String s = scalar(node.get(i), Keys.index(loc, i));
            ok &= s != null;
            result.add(s);
        }
        return ok ? Collections.unmodifiableList(result) : null;
    }

    /** A mapping whose values are strings, numbers or booleans, all taken as text. */
    public Map<String, String> stringMap(JsonNode node, String loc) {
        return stringMap(node, loc, key -> null);
    }

    /**
     * A mapping whose values are strings, numbers or booleans, all taken as text.
     *
     * @param keyProblem what is wrong with a key, or {@code null} when nothing is
     */
    public Map<String, String> stringMap(JsonNode node, String loc, Function<String, String> keyProblem) {
        if (!node.isObject()) {
            problems.add(loc, "must be a mapping of names to strings");
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            String at = Keys.child(loc, key);
            String wrongKey = key.isBlank() ? "the name must not be empty" : keyProblem.apply(key);
            if (wrongKey != null) {
                problems.add(at, wrongKey);
                ok = false;
                continue;
            }
            String value = scalar(field.getValue(), at);
            ok &= value != null;
            result.put(key, value);
        }
        return ok ? Collections.unmodifiableMap(result) : null;
    }

    /** A string, number or boolean as text. */
    public String scalar(JsonNode node, String loc) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        problems.add(loc, "must be a string");
        return null;
    }
}
