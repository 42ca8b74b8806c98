package io.dtf.notify.api;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A condition on one label of an event: {@code name=value} (equal) or {@code name=~regex} (the whole value matches
 * the regular expression). A label the event does not have has the value {@code ""}.
 *
 * @param name the label ({@code type}, {@code severity}, {@code run_name}, {@code branch}, a run label)
 * @param value the value, or the regular expression
 * @param regex whether {@code value} is a regular expression
 */
public record Matcher(String name, String value, boolean regex) {
    public Matcher {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a matcher needs a label name");
        }
        Objects.requireNonNull(value, "value");
        if (regex) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + value + "' of matcher " + name + " is no regular expression: "
                        + e.getDescription());
            }
        }
    }

    /**
     * A matcher as people write it: {@code label=value} or {@code label=~regex}.
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static Matcher parse(String text) {
        int at = text == null ? -1 : text.indexOf('=');
        if (at < 1) {
            throw new IllegalArgumentException("'" + text + "' is no matcher: write label=value or label=~regex");
        }
        String name = text.substring(0, at).strip();
        String rest = text.substring(at + 1);
        return rest.startsWith("~") ? new Matcher(name, rest.substring(1), true) : new Matcher(name, rest.strip(), false);
    }

    /** Whether the labels satisfy it. */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return regex ? Pattern.compile(value).matcher(actual).matches() : value.equals(actual);
    }

    @Override
    public String toString() {
        return name + (regex ? "=~" : "=") + value;
    }
}
