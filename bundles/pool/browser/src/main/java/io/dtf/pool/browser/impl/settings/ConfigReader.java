package io.dtf.pool.browser.impl.settings;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a profile's settings: the {@code chrome} profile's from the typed configuration (with its defaults), another
 * profile's from the raw properties ({@code <name>.<key>}), falling back to the chrome profile's.
 */
final class ConfigReader {
    static final String DEFAULT_PROFILE = "chrome";
    /** Between flags: white space (a flag's value may have commas: --enable-features=A,B). */
    static final Pattern FLAGS = Pattern.compile("\\s+");
    /** Between names and name=value pairs: commas or white space. */
    static final Pattern NAMES = Pattern.compile("[,\\s]+");

    private final Function<String, Object> chrome;
    private final Map<String, ?> properties;

    /**
     * @param chrome the chrome profile's value of a key ({@code backend}), defaults applied
     * @param properties the configuration's properties as Config Admin has them
     */
    ConfigReader(Function<String, Object> chrome, Map<String, ?> properties) {
        this.chrome = chrome;
        this.properties = properties;
    }

    String profileString(String profile, String key) {
        Object value = value(profile, key);
        return value == null ? "" : String.valueOf(value).strip();
    }

    /**
     * A list setting. A {@code .cfg} file gives one string ({@code chrome.flags = --a --b}), Config Admin an array: each
     * entry is split at {@code separator} too.
     */
    List<String> profileStrings(String profile, String key, Pattern separator) {
        return split(value(profile, key), separator);
    }

    static List<String> split(Object value, Pattern separator) {
        List<String> values;
        if (value == null) {
            values = List.of();
        } else if (value instanceof String[] array) {
            values = Arrays.asList(array);
        } else if (value instanceof Collection<?> collection) {
            values = collection.stream().map(String::valueOf).collect(Collectors.toList());
        } else {
            values = List.of(String.valueOf(value));
        }
        return values.stream().flatMap(separator::splitAsStream).map(String::strip).filter(v -> !v.isEmpty())
                .collect(Collectors.toList());
    }

    boolean profileBoolean(String profile, String key) {
        Object value = value(profile, key);
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = String.valueOf(value).strip();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(profile + "." + key + " must be true or false, not '" + text + "'");
    }

    int profileInt(String profile, String key, int least) {
        Object value = value(profile, key);
        int number;
        try {
            number = value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException bad) {
            throw new IllegalArgumentException(profile + "." + key + " must be a whole number, not '" + value + "'", bad);
        }
        if (number < least) {
            throw new IllegalArgumentException(profile + "." + key + " must be " + least + " or more, not " + number);
        }
        return number;
    }

    /** Whether the profile sets {@code key} itself (the chrome profile's keys always have a value). */
    boolean profileSets(String profile, String key) {
        return profile.equals(DEFAULT_PROFILE) || properties.get(profile + "." + key) != null;
    }

    private Object value(String profile, String key) {
        if (!profile.equals(DEFAULT_PROFILE)) {
            Object own = properties.get(profile + "." + key);
            if (own != null) {
                return own;
            }
        }
        return chrome.apply(key);
    }
}
