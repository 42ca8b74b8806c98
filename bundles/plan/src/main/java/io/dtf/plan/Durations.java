package io.dtf.plan;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as plans write them: ISO-8601 ({@code PT10M}, {@code P1DT2H}) or a number with a unit
 * ({@code 500ms}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}), units combined from largest to
 * smallest ({@code 1h30m}, {@code 1m 30s}). A leading {@code -} makes a negative duration, which the
 * caller refuses with a clearer message than "not a duration".
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("\\s*(\\d{1,9})\\s*(ms|d|h|m|s)");
    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};

    private Durations() {
    }

    /** The duration, or {@code null} when the text is none. */
    public static Duration parse(String text) {
        String s = text.strip();
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
        return parseUnits(s);
    }

    private static Duration parseUnits(String s) {
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

    /** The shortest unit form: {@code 1h30m}, {@code 500ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder(d.isNegative() ? "-" : "");
        Duration rest = d.abs();
        long days = rest.toDays();
        rest = rest.minusDays(days);
        long hours = rest.toHours();
        rest = rest.minusHours(hours);
        long minutes = rest.toMinutes();
        rest = rest.minusMinutes(minutes);
        long seconds = rest.getSeconds();
        long millis = rest.minusSeconds(seconds).toMillis();
        append(out, days, "d");
        append(out, hours, "h");
        append(out, minutes, "m");
        append(out, seconds, "s");
        append(out, millis, "ms");
        return out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }
}
