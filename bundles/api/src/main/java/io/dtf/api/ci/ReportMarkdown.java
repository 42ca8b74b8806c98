package io.dtf.api.ci;

import io.dtf.api.task.TestCaseResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A DTF run's report as Markdown within a size limit, the same in every CI system that shows Markdown (a GitHub
 * check run's summary and pull request comment, a GitLab note, an Azure pull request thread, a Bitbucket
 * comment): a heading with the outcome, the {@link TestRunResult#summaryLine() summary line}, the duration and
 * the link, then a table of the failed tests. When the limit does not hold every failed test, the table stops
 * where it would pass the limit and a last line says how many were left out and where to see them all; nothing
 * is ever cut in the middle of a line.
 */
public final class ReportMarkdown {
    /** The longest message shown for a failed test; the rest is in DTF. */
    public static final int MESSAGE_LIMIT = 300;
    /** The shortest limit: the heading and summary always fit. */
    public static final int MIN_LIMIT = 200;

    private ReportMarkdown() {
    }

    /**
     * The report of {@code result}, titled {@code title} (the run's name when {@code null}), at most {@code limit}
     * characters long.
     *
     * @throws IllegalArgumentException when {@code limit} is below {@link #MIN_LIMIT}
     */
    public static String render(String title, TestRunResult result, int limit) {
        if (limit < MIN_LIMIT) {
            throw new IllegalArgumentException("limit must be at least " + MIN_LIMIT + ", not " + limit);
        }
        StringBuilder head = new StringBuilder();
        head.append("### ").append(icon(result.status())).append(' ')
                .append(oneLine(title == null ? result.name() : title, 120)).append(": ")
                .append(result.status().name().toLowerCase(Locale.ROOT)).append("\n\n")
                .append(result.summaryLine()).append(" in ").append(duration(result.duration()))
                .append(" (DTF run `").append(result.run().value()).append("`)");
        if (result.link() != null) {
            head.append(" · [details](").append(result.link()).append(')');
        }
        head.append('\n');
        String text = head.length() > limit ? head.substring(0, limit) : head.toString();
        List<TestCaseResult> failed = result.failedTests();
        int notListed = failed.size() + result.failedTestsLeftOut();
        if (failed.isEmpty()) {
            return text;
        }
        StringBuilder body = new StringBuilder(text).append("\n| failed test | message |\n| --- | --- |\n");
        int listed = 0;
        for (TestCaseResult test : failed) {
            String row = "| " + cell(testName(test), 300) + " | " + cell(test.message(), MESSAGE_LIMIT) + " |\n";
            if (body.length() + row.length() + moreLine(notListed - 1, result).length() > limit) {
                break;
            }
            body.append(row);
            listed++;
            notListed--;
        }
        if (listed == 0) {
            String more = moreLine(notListed, result);
            if (text.length() + more.length() > limit) {
                more = "\n" + notListed + " more failed tests are not listed here.\n";
            }
            return text.length() + more.length() > limit ? text : text + more;
        }
        if (notListed > 0) {
            body.append(moreLine(notListed, result));
        }
        return body.toString();
    }

    /** {@code class.name}, or the name alone when the test has no class: how test cases are named in reports. */
    public static String testName(TestCaseResult test) {
        return test.className() == null || test.className().isEmpty() ? test.name() : test.className() + "." + test.name();
    }

    /**
     * {@code text} on one line (line breaks as spaces) and at most {@code max} characters, ending with {@code …} when
     * cut; {@code ""} for {@code null}.
     */
    public static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return line.length() <= max ? line : line.substring(0, Math.max(0, max - 1)) + "…";
    }

    private static String cell(String text, int max) {
        return oneLine(text, max).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;");
    }

    private static String moreLine(int count, TestRunResult result) {
        if (count <= 0) {
            return "";
        }
        return "\n" + count + " more failed test" + (count == 1 ? " is" : "s are") + " not listed here"
                + (result.link() == null ? "" : ": see [the run in DTF](" + result.link() + ")") + ".\n";
    }

    private static String icon(BuildStatus status) {
        return switch (status) {
            case SUCCESS -> "✅";
            case FAILURE, ERROR -> "❌";
            case CANCELLED -> "⏹️";
            case PENDING, RUNNING -> "⏳";
        };
    }

    private static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        return seconds / 3600 > 0 ? String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds / 60 % 60)
                : String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
}
