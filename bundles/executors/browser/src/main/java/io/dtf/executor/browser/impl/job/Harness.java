package io.dtf.executor.browser.impl.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The WebDriver script that runs a task's script in a browser: {@code harness.js} with the task's script inside, which
 * gives the script its {@code dtf} object (input, shard, {@code check}, {@code log}) and calls its {@code run} or
 * {@code merge} function.
 */
public final class Harness {
    private static final String MARK = "/* USER SCRIPT */";
    private static final String TEMPLATE = load();

    /**
     * The script of a task with a {@code page} and no {@code script}: the page's own {@code dtfRun(dtf)} and, if it
     * defines one, {@code dtfMerge(parts, dtf)}.
     */
    public static final String PAGE_FUNCTIONS = """
            function run(dtf) {
              if (typeof window.dtfRun !== 'function') {
                throw new Error('the page ' + location.href + ' defines no function dtfRun(dtf)');
              }
              return window.dtfRun(dtf);
            }
            const merge = typeof window.dtfMerge === 'function' ? (parts, dtf) => window.dtfMerge(parts, dtf) : undefined;
            """;

    private Harness() {
    }

    /** The WebDriver async script that runs {@code source}. */
    public static String around(String source) {
        int at = TEMPLATE.indexOf(MARK);
        // on lines of its own: a last line comment in the source does not swallow the harness's code
        return TEMPLATE.substring(0, at) + "\n" + source + "\n" + TEMPLATE.substring(at + MARK.length());
    }

    private static String load() {
        try (InputStream in = Harness.class.getResourceAsStream("harness.js")) {
            if (in == null) {
                throw new IllegalStateException("harness.js is missing from the bundle");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.contains(MARK)) {
                throw new IllegalStateException("harness.js has no " + MARK + " line");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read harness.js", e);
        }
    }
}
