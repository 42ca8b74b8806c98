package io.dtf.client.impl.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations for people: {@code 850ms}, {@code 12.3s}, {@code 4m05s}, {@code 2h03m}. */
final class Durations {
    private Durations() {
    }

    static String format(Duration d) {
        if (d == null) {
            return null;
        }
        long millis = Math.max(0, d.toMillis());
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, (seconds % 86_400) / 3600);
    }
}
