package io.dtf.rest.impl.http;

import io.dtf.api.DtfException;
import io.dtf.api.Problem;
import io.dtf.api.task.Page;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The query parameters of a request, read against what the route knows. Every problem is collected
 * (unknown or repeated parameters, bad numbers, bad values) and {@link #check()} refuses them all at
 * once with 400.
 */
public final class Query {
    static final int DEFAULT_LIMIT = 100;
    /** Offsets beyond this are refused: no list is that long, and the store's int offsets stay safe. */
    static final int MAX_OFFSET = 100_000_000;

    private static final String MALFORMED = "\u0000";
    /** The parameters of every list: {@code offset} and {@code limit}. */
    public static final Set<String> PAGE = Set.of("offset", "limit");

    private final Map<String, String[]> parameters;
    private final List<Problem> problems = new ArrayList<>();

    private Query(Map<String, String[]> parameters, Set<String> known) {
        this.parameters = parameters;
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(known);
        for (String name : unknown) {
            if (name.startsWith(MALFORMED)) {
                problems.add(new Problem("query", "malformed %-escape in '" + name.substring(1) + "'"));
                continue;
            }
            problems.add(new Problem("query." + name, known.isEmpty() ? "unknown parameter; this route takes none"
                    : "unknown parameter; this route takes " + String.join(", ", new TreeSet<>(known))));
        }
    }

    /** {@link #PAGE} and the route's own parameters. */
    public static Set<String> pageAnd(String... more) {
        Set<String> all = new HashSet<>(PAGE);
        all.addAll(List.of(more));
        return all;
    }

    /** The parameters of a request; {@code known} are those the route takes. */
    public static Query of(Map<String, String[]> parameters, Set<String> known) {
        return new Query(parameters, known);
    }

    /**
     * Parses a raw query string ({@code a=1&b=x%20y&a=2}) by itself, so that a form body is never read as
     * parameters. A pair with a malformed escape is kept under a name that {@link #of} reports.
     */
    public static Map<String, String[]> parse(String queryString) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (queryString != null && !queryString.isEmpty()) {
            for (String pair : queryString.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                try {
                    name = URLDecoder.decode(name, StandardCharsets.UTF_8);
                    value = URLDecoder.decode(value, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    name = MALFORMED + shorten(pair);
                    value = "";
                }
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        values.forEach((name, list) -> parameters.put(name, list.toArray(String[]::new)));
        return parameters;
    }

    /** A parameter given at most once; {@code null} when absent. */
    public String single(String name) {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            problems.add(new Problem("query." + name, "given " + values.length + " times; give it once"));
            return null;
        }
        return values[0];
    }

    /** Every value of a parameter that may be repeated ({@code label=a=1&label=b=2}), in order; empty when absent. */
    public List<String> all(String name) {
        String[] values = parameters.get(name);
        return values == null ? List.of() : List.of(values);
    }

    /** A text parameter: absent or blank is {@code null}; longer than {@code maxLength} is a problem. */
    public String text(String name, int maxLength) {
        String value = single(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            problems.add(new Problem("query." + name, "longer than " + maxLength + " characters"));
            return null;
        }
        return value;
    }

    /** An integer in {@code [min, max]}; {@code fallback} when absent. */
    public int integer(String name, int min, int max, int fallback) {
        String value = single(name);
        if (value == null) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number < min || number > max) {
                problems.add(new Problem("query." + name, "must be between " + min + " and " + max + ", not " + value));
                return fallback;
            }
            return (int) number;
        } catch (NumberFormatException e) {
            problems.add(new Problem("query." + name, "must be a whole number, not '" + shorten(value) + "'"));
            return fallback;
        }
    }

    /** {@code offset} (default 0) and {@code limit} (default 100, 1 to 1000). */
    public Page page() {
        int offset = integer("offset", 0, MAX_OFFSET, 0);
        int limit = integer("limit", 1, Page.MAX_LIMIT, DEFAULT_LIMIT);
        return new Page(offset, limit);
    }

    /**
     * Enum values, given as one parameter with commas ({@code state=QUEUED,RUNNING}), repeated, or both;
     * case does not matter. Empty when absent.
     */
    public <E extends Enum<E>> Set<E> enums(String name, Class<E> type) {
        Set<E> found = EnumSet.noneOf(type);
        String[] values = parameters.get(name);
        if (values == null) {
            return found;
        }
        List<String> bad = new ArrayList<>();
        for (String value : values) {
            for (String item : value.split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                try {
                    found.add(Enum.valueOf(type, item.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    bad.add(shorten(item.trim()));
                }
            }
        }
        if (!bad.isEmpty()) {
            problems.add(new Problem("query." + name, "unknown value" + (bad.size() > 1 ? "s " : " ")
                    + String.join(", ", bad) + "; known: " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                    .collect(Collectors.joining(", "))));
        }
        return found;
    }

    /** A parameter parsed by {@code parse}, which throws a {@link DtfException} with the reason. */
    public <T> T parsed(String name, Function<String, T> parse) {
        String value = single(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parse.apply(value.trim());
        } catch (DtfException e) {
            problems.add(new Problem("query." + name, e.getMessage()));
            return null;
        }
    }

    /** Adds a problem of a parameter found by the route itself, e.g. two that do not fit together. */
    public void problem(String name, String message) {
        problems.add(new Problem("query." + name, message));
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** @throws RestError 400 listing every problem found so far */
    public void check() {
        if (!problems.isEmpty()) {
            throw RestError.invalid("the query parameters are not valid", problems);
        }
    }

    public static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
