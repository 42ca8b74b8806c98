package io.dtf.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as DTF reads and shows them, the same in plans, configuration, the shell and the
 * {@code dtf} client.
 *
 * <p>Read: ISO-8601 ({@code PT10M}, {@code P1DT2H}) or a number with a unit ({@code 500ms},
 * {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}), units combined from largest to smallest
 * ({@code 1h30m}, {@code 1m 30s}). A leading {@code -} makes a negative duration, which callers refuse
 * with a clearer message than "not a duration".
 *
 * <p>Shown: {@code 850ms} below a second, {@code 12.3s} below a minute, then the two largest units
 * without zeros: {@code 4m05s}, {@code 10m}, {@code 2h03m}, {@code 1d03h}.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("\\s*(\\d{1,9})\\s*(ms|d|h|m|s)");
    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};

    private Durations() {
    }

    /**
     * The duration a text gives.
     *
     * @throws IllegalArgumentException naming the text when it is no duration
     */
    public static Duration parse(String text) {
        Duration d = text == null ? null : parseSigned(text.strip());
        if (d == null) {
            String shown = text == null ? "nothing" : "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                    + "'";
            throw new IllegalArgumentException(shown + " is not a duration (e.g. 90s, 10m, 2h, 500ms or PT10M)");
        }
        return d;
    }

    private static Duration parseSigned(String s) {
        if (s.startsWith("-")) {
            Duration positive = parseUnsigned(s.substring(1).strip());
            return positive == null ? null : positive.negated();
        }
        return parseUnsigned(s);
    }

    private static Duration parseUnsigned(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.charAt(0) == 'P' || s.charAt(0) == 'p') {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        int lastUnit = -1;
        while (end < s.length()) {
            if (!m.find(end) || m.start() != end) {
                return null;
            }
            int unit = unitIndex(m.group(2));
            if (unit <= lastUnit) {
                return null; // each unit once, largest first
            }
            lastUnit = unit;
            total = total.plus(of(Long.parseLong(m.group(1)), unit));
            end = m.end();
        }
        return total;
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalArgumentException(unit);
    }

    private static Duration of(long amount, int unit) {
        return switch (UNITS[unit]) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMillis(amount);
        };
    }

    /**
     * A duration for people: {@code 0s}, {@code 850ms}, {@code 12.3s}, {@code 4m05s}, {@code 10m},
     * {@code 2h03m}, {@code 1d03h}; negative ones with a {@code -}. Below a minute it is exact to the
     * millisecond or the tenth of a second; above, to the smaller of its two units (cut, not rounded,
     * so that a time-out of 10m is never shown as more).
     */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long millis = d.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return millis / 1000 + "." + millis % 1000 / 100 + "s";
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return twoUnits(seconds / 60, "m", seconds % 60, "s");
        }
        if (seconds < 86_400) {
            return twoUnits(seconds / 3600, "h", seconds % 3600 / 60, "m");
        }
        return twoUnits(seconds / 86_400, "d", seconds % 86_400 / 3600, "h");
    }

    private static String twoUnits(long large, String largeUnit, long small, String smallUnit) {
        return small == 0 ? large + largeUnit : String.format(Locale.ROOT, "%d%s%02d%s", large, largeUnit, small,
                smallUnit);
    }
}
