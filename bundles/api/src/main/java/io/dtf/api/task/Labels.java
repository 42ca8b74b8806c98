package io.dtf.api.task;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules of a run's labels, wherever they come from (the plan, {@code dtf submit --label}, a REST
 * submission): names and values short enough to be stored as searchable columns, which a search by
 * label ({@link RunQuery#labels()}) needs on every database.
 */
public final class Labels {
    /** The longest label name. */
    public static final int MAX_NAME_LENGTH = 100;
    /** The longest label value. */
    public static final int MAX_VALUE_LENGTH = 500;

    private Labels() {
    }

    /**
     * What is wrong with these labels, each problem at {@code <location>.<name>} (at {@code location} for an
     * empty name); empty when nothing is.
     */
    public static List<Problem> problems(String location, Map<String, String> labels) {
        List<Problem> problems = new ArrayList<>();
        labels.forEach((name, value) -> {
            String at = name.isBlank() ? location : location + "." + name;
            if (name.isBlank()) {
                problems.add(new Problem(at, "a label name must not be empty"));
            } else if (name.length() > MAX_NAME_LENGTH) {
                problems.add(new Problem(at, "the name is longer than " + MAX_NAME_LENGTH + " characters"));
            } else if (value == null) {
                problems.add(new Problem(at, "has no value"));
            } else if (value.length() > MAX_VALUE_LENGTH) {
                problems.add(new Problem(at, "the value is longer than " + MAX_VALUE_LENGTH + " characters"));
            }
        });
        return problems;
    }

    /**
     * A label written {@code name=value}, as command lines and query parameters give it; the value may be
     * empty and may hold further {@code =}.
     *
     * @throws DtfException {@link ErrorCode#INVALID_ARGUMENT} naming the text when it has no {@code =} or no name
     */
    public static Map.Entry<String, String> parse(String text) {
        int equals = text == null ? -1 : text.indexOf('=');
        if (equals <= 0 || text.substring(0, equals).isBlank()) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "'" + text + "' is not a label; write name=value");
        }
        return new SimpleImmutableEntry<>(text.substring(0, equals).strip(), text.substring(equals + 1));
    }
}
