package io.dtf.ci.github.impl;

import io.dtf.api.ci.ReportMarkdown;
import io.dtf.api.ci.TestRunResult;
import io.dtf.api.task.TestCaseResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a check run shows of a DTF run, within the limits of GitHub's check run {@code output}
 * (https://docs.github.com/en/rest/checks/runs#update-a-check-run): a Markdown {@link #summary} (the report) and
 * {@link #text} (the failed tests' messages and stack traces) of at most {@value #TEXT_LIMIT} characters each, and
 * an annotation per failed test, sent {@value #ANNOTATIONS_PER_REQUEST} per request; an annotation's message and
 * raw details at most 64 KB, its title {@value #TITLE_LIMIT} characters. What does not fit is said, never cut
 * silently.
 *
 * @param title one line: the run's summary line
 * @param summary the report: ReportMarkdown within the limit
 * @param text the failed tests' messages and details, or {@code null} when none failed
 * @param annotations one per failed test, up to the configured most
 */
record CheckRunOutput(String title, String summary, String text, List<Map<String, Object>> annotations) {
    static final int TEXT_LIMIT = 65_535;
    static final int ANNOTATIONS_PER_REQUEST = 50;
    /** An annotation's message and raw details: "The maximum size is 64 KB". */
    static final int ANNOTATION_BYTES = 64 * 1024;
    static final int TITLE_LIMIT = 255;
    /** The most characters of one failed test's message and details in {@link #text}, so that many are shown. */
    static final int DETAIL_LIMIT = 4_000;

    /**
     * The output of a run's result.
     *
     * @param maxAnnotations the most failed tests annotated; negative: all
     * @param sourceRoot where a test's source is when its test case does not say ({@code src/test/java})
     */
    static CheckRunOutput of(TestRunResult result, int maxAnnotations, String sourceRoot) {
        List<TestCaseResult> failed = result.failedTests();
        int annotated = maxAnnotations < 0 ? failed.size() : Math.min(maxAnnotations, failed.size());
        List<Map<String, Object>> annotations = new ArrayList<>(annotated);
        for (TestCaseResult test : failed.subList(0, annotated)) {
            annotations.add(annotation(test, sourceRoot));
        }
        return new CheckRunOutput(ReportMarkdown.oneLine(result.summaryLine(), TITLE_LIMIT),
                ReportMarkdown.render(null, result, TEXT_LIMIT), text(result, annotated), List.copyOf(annotations));
    }

    /** The output object of a request: title, summary, text when there is one, and these annotations. */
    Map<String, Object> json(String summaryOfRequest, boolean withText, List<Map<String, Object>> batch) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("title", title);
        output.put("summary", summaryOfRequest);
        if (withText && text != null) {
            output.put("text", text);
        }
        if (!batch.isEmpty()) {
            output.put("annotations", batch);
        }
        return output;
    }

    /** The failed tests one after the other, each message and stack trace an excerpt, until the limit. */
    static String text(TestRunResult result, int annotated) {
        List<TestCaseResult> failed = result.failedTests();
        if (failed.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder("Failed tests: messages and stack traces.\n");
        int shown = 0;
        int total = failed.size() + result.failedTestsLeftOut();
        for (TestCaseResult test : failed) {
            String entry = entry(test);
            if (text.length() + entry.length() + rest(total - shown - 1, annotated, result).length() > TEXT_LIMIT) {
                break;
            }
            text.append(entry);
            shown++;
        }
        return text.append(rest(total - shown, annotated, result)).toString();
    }

    private static String entry(TestCaseResult test) {
        String message = test.message() == null ? "" : test.message();
        String detail = test.details() == null ? message : message.isEmpty() ? test.details()
                : message + "\n" + test.details();
        String excerpt = TestCaseResult.excerpt(detail, DETAIL_LIMIT);
        String heading = "\n#### " + ReportMarkdown.oneLine(ReportMarkdown.testName(test), 300) + "\n";
        if (excerpt == null) {
            return heading + "(no message)\n";
        }
        String fence = "`".repeat(Math.max(3, longestBacktickRun(excerpt) + 1));
        return heading + fence + "\n" + excerpt + "\n" + fence + "\n";
    }

    /** The line that says what the text leaves out, if anything. */
    private static String rest(int notShown, int annotated, TestRunResult result) {
        if (notShown <= 0) {
            return "";
        }
        return "\n" + notShown + " more failed test" + (notShown == 1 ? " is" : "s are")
                + " not shown here (GitHub allows " + TEXT_LIMIT + " characters)"
                + (annotated > 0 ? "; " + annotated + " failed tests have an annotation" : "")
                + (result.link() == null ? "" : "; all are in [the run in DTF](" + result.link() + ")") + ".\n";
    }

    /**
     * A failed test's annotation. GitHub needs a path and lines: the test case's {@code file} and {@code line}
     * properties when its report has them, else the class's source under {@code sourceRoot}
     * ({@code src/test/java/org/example/FooTest.java}) at line 1; a test without a class is named by its suite.
     */
    static Map<String, Object> annotation(TestCaseResult test, String sourceRoot) {
        int line = line(test.properties().get("line"));
        Map<String, Object> annotation = new LinkedHashMap<>();
        annotation.put("path", path(test, sourceRoot));
        annotation.put("start_line", line);
        annotation.put("end_line", line);
        annotation.put("annotation_level", "failure");
        annotation.put("title", ReportMarkdown.oneLine(ReportMarkdown.testName(test), TITLE_LIMIT));
        String message = test.message() == null || test.message().isBlank()
                ? test.status().name().toLowerCase(Locale.ROOT) : test.message();
        annotation.put("message", cutUtf8(message, ANNOTATION_BYTES));
        if (test.details() != null && !test.details().isBlank()) {
            annotation.put("raw_details", cutUtf8(test.details(), ANNOTATION_BYTES));
        }
        return annotation;
    }

    static String path(TestCaseResult test, String sourceRoot) {
        String file = test.properties().get("file");
        if (file != null && !file.isBlank()) {
            return file.strip();
        }
        String root = sourceRoot == null || sourceRoot.isBlank() ? "" : sourceRoot.replaceAll("/+$", "") + "/";
        String className = test.className();
        if (className == null || className.isBlank()) {
            return root + (test.suite() == null || test.suite().isBlank() ? test.name() : test.suite());
        }
        int nested = className.indexOf('$');
        String outer = nested < 0 ? className : className.substring(0, nested);
        return root + outer.strip().replace('.', '/') + ".java";
    }

    private static int line(String value) {
        try {
            return value == null ? 1 : Math.max(1, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** At most {@code maxBytes} bytes of UTF-8, cut between characters. */
    static String cutUtf8(String text, int maxBytes) {
        if (text.length() * 3 <= maxBytes || text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
