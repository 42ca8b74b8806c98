package io.dtf.api.task;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One test case of a task's reports.
 *
 * @param suite the enclosing suite (nested suites joined by {@code /})
 * @param className the test class, or {@code null} when the report has none
 * @param name the test's name, parameters included as the report writes them
 * @param status its outcome
 * @param duration how long it took
 * @param message the failure, error or skip message, or {@code null}
 * @param details stack trace or other detail, or {@code null}
 * @param flaky whether it passed only on a re-run ({@code <flakyFailure>}/{@code <flakyError>})
 * @param properties the {@code <properties>} of its {@code <testcase>}, in report order (test management ids such
 *     as a TestRail case or a Jira key live there), and those of its suite unless they are the JVM's system
 *     properties; a name given twice holds the values joined by {@code ", "}
 * @param systemOut an excerpt of its {@code <system-out>}: at most {@link #OUTPUT_LIMIT} characters, its head and
 *     tail when longer ({@link #excerpt}); {@code null} when it wrote nothing
 * @param systemErr the same of its {@code <system-err>}
 */
public record TestCaseResult(String suite, String className, String name, TestCaseStatus status,
                             Duration duration, String message, String details, boolean flaky,
                             Map<String, String> properties, String systemOut, String systemErr) {
    /** The most characters of a test case's output kept, for each of its two streams. */
    public static final int OUTPUT_LIMIT = 4096;

    /** The output is bounded here, so that no test case holds more, whoever made it. */
    public TestCaseResult {
        properties = properties == null || properties.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        systemOut = excerpt(systemOut, OUTPUT_LIMIT);
        systemErr = excerpt(systemErr, OUTPUT_LIMIT);
    }

    /** A test case without properties and output. */
    public TestCaseResult(String suite, String className, String name, TestCaseStatus status, Duration duration,
                          String message, String details, boolean flaky) {
        this(suite, className, name, status, duration, message, details, flaky, Map.of(), null, null);
    }

    /** Its stable identity across attempts and runs. */
    public TestId id() {
        return TestId.of(this);
    }

    /**
     * At most {@code limit} characters of {@code text}: the whole text when it fits, else its head and its tail
     * around a line that says how much was left out. {@code null} or empty text gives {@code null}. An excerpt of
     * an excerpt is the same excerpt.
     */
    public static String excerpt(String text, int limit) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() <= limit) {
            return text;
        }
        return excerpt(text.substring(0, limit), text.substring(text.length() - limit), text.length(), limit);
    }

    /**
     * The {@link #excerpt(String, int) excerpt} of a text longer than {@code limit} known only by its first and its
     * last {@code limit} characters and its length: for a reader that does not hold a large output whole.
     */
    public static String excerpt(String head, String tail, long length, int limit) {
        String marker = "\n[... " + length + " characters, the middle left out ...]\n";
        int kept = Math.max(0, limit - marker.length());
        int headKept = Math.min(head.length(), kept / 2);
        int tailKept = Math.min(tail.length(), kept - kept / 2);
        return head.substring(0, headKept) + marker + tail.substring(tail.length() - tailKept);
    }
}
