package io.dtf.client.impl.cli;

import io.dtf.client.ItemPage;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * What every {@code dtf} command works with: its environment, its output streams, whether they are a
 * terminal, the time zone for times, and the pace of following a run (shorter in tests).
 */
final class Cli {
    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;
    final boolean tty;
    final ZoneId zone;
    InputStream stdin = System.in;
    /** How often a waiting client asks for its run. */
    Duration pollInterval = Duration.ofMillis(500);
    /** How often at most a plain progress line is printed (CI logs). */
    Duration plainInterval = Duration.ofSeconds(5);
    /** How long a waiting client keeps asking a coordinator that does not answer. */
    Duration giveUpUnreachable = Duration.ofMinutes(10);

    Cli(Map<String, String> env, PrintStream out, PrintStream err, boolean tty, ZoneId zone) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.tty = tty;
        this.zone = zone;
    }

    /** {@code 2026-11-27 10:00:00} in the client's zone; null for null. */
    String time(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone)
                .format(instant);
    }

    /** The terminal's width from {@code COLUMNS}, else 100. */
    int width() {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
            return columns >= 20 ? columns : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** After a table of one page: where the next page starts, when there is one. */
    void more(ItemPage<?> page, String what) {
        if (page.hasMore()) {
            out.println("(" + what + " " + (page.offset() + 1) + "-" + (page.offset() + page.items().size())
                    + (page.total() == null ? "" : " of " + page.total()) + "; --offset "
                    + (page.offset() + page.items().size()) + " for more)");
        }
    }
}
