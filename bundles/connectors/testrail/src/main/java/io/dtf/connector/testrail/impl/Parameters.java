package io.dtf.connector.testrail.impl;

import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of the connector's operations, read with a clear message for each mistake
 * ({@link IllegalArgumentException}, answered as {@code REJECTED invalid_parameters}).
 *
 * <p>Test cases ({@code results}) are a list of {@link TestCaseResult}s, or of maps with their fields: {@code name}
 * (required), {@code className}, {@code suite}, {@code status} ({@code PASSED}, {@code FAILED}, {@code ERROR},
 * {@code SKIPPED}), {@code duration} (seconds, or ISO-8601 as {@code PT1.5S}), {@code message}, {@code details},
 * {@code flaky}, {@code properties} (the JUnit XML properties).
 */
final class Parameters {

    private Parameters() {
    }

    /** A required text. */
    static String text(Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("the parameter " + name + " is required");
        }
        return value.toString().strip();
    }

    /** An optional text, {@code null} when not given. */
    static String optionalText(Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    /** A TestRail run id ({@code 81} or {@code R81}), {@code null} when not given. */
    static Long runId(Map<String, Object> parameters) {
        Object value = parameters.get("run_id");
        return value == null || value.toString().isBlank() ? null : id(value, 'R', "run_id");
    }

    /**
     * A TestRail id as a number, given as one or as TestRail shows it with its letter ({@code R81} a run,
     * {@code C123} a case).
     */
    static long id(Object value, char letter, String what) {
        Matcher id = Pattern.compile("(?i)^" + letter + "?(\\d{1,18})$").matcher(String.valueOf(value).strip());
        if (!id.matches()) {
            throw new IllegalArgumentException(what + " must be a TestRail id (81 or " + letter + "81), not " + value);
        }
        return Long.parseLong(id.group(1));
    }

    static long requiredRunId(Map<String, Object> parameters) {
        Long id = runId(parameters);
        if (id == null) {
            throw new IllegalArgumentException("the parameter run_id is required");
        }
        return id;
    }

    /**
     * An instant given as Unix seconds (as TestRail's own filters take it) or ISO-8601 ({@code 2026-12-07T10:00:00Z}),
     * {@code null} when not given.
     */
    static Instant instant(Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        if (value instanceof Instant given) {
            return given;
        }
        String text = value.toString().strip();
        try {
            return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(text)) : Instant.parse(text);
        } catch (DateTimeParseException | NumberFormatException bad) {
            throw new IllegalArgumentException(name + " must be Unix seconds or an ISO-8601 instant "
                    + "(2026-12-07T10:00:00Z), not " + value, bad);
        }
    }

    /** A yes/no with a default. */
    static boolean flag(Map<String, Object> parameters, String name, boolean otherwise) {
        Object value = parameters.get(name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Boolean given) {
            return given;
        }
        return switch (value.toString().strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not " + value);
        };
    }

    /** The test cases of {@code results}. */
    static List<TestCaseResult> tests(Map<String, Object> parameters) {
        Object value = parameters.get("results");
        if (!(value instanceof Iterable<?> list)) {
            throw new IllegalArgumentException("the parameter results is required: a list of test case results");
        }
        List<TestCaseResult> tests = new ArrayList<>();
        int index = 0;
        for (Object element : list) {
            if (element instanceof TestCaseResult test) {
                tests.add(test);
            } else if (element instanceof Map<?, ?> fields) {
                tests.add(test(fields, index));
            } else {
                throw new IllegalArgumentException("results[" + index + "] is not a test case result: " + element);
            }
            index++;
        }
        return tests;
    }

    private static TestCaseResult test(Map<?, ?> fields, int index) {
        Object name = fields.get("name");
        if (name == null || name.toString().isBlank()) {
            throw new IllegalArgumentException("results[" + index + "] has no name");
        }
        Object status = fields.get("status");
        TestCaseStatus outcome;
        try {
            outcome = TestCaseStatus.valueOf(String.valueOf(status).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("results[" + index + "] (" + name + ") has no status PASSED, FAILED, "
                    + "ERROR or SKIPPED: " + status, unknown);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (fields.get("properties") instanceof Map<?, ?> given) {
            given.forEach((key, value) -> properties.put(String.valueOf(key), String.valueOf(value)));
        }
        return new TestCaseResult(string(fields.get("suite")), string(fields.get("className")), name.toString(), outcome,
                duration(fields.get("duration"), index), string(fields.get("message")), string(fields.get("details")),
                Boolean.parseBoolean(String.valueOf(fields.get("flaky"))), properties, null, null);
    }

    private static Duration duration(Object value, int index) {
        if (value == null) {
            return Duration.ZERO;
        }
        if (value instanceof Duration given) {
            return given;
        }
        if (value instanceof Number seconds) {
            return Duration.ofMillis(Math.round(seconds.doubleValue() * 1000));
        }
        try {
            return Duration.parse(value.toString().strip());
        } catch (DateTimeParseException bad) {
            throw new IllegalArgumentException("results[" + index + "].duration must be seconds or ISO-8601 (PT1.5S), not "
                    + value, bad);
        }
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
