package io.dtf.connector.testrail.impl;

import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DTF's test cases as the entries of TestRail's {@code add_results_for_cases}: one per TestRail case, with the
 * worst outcome of the tests that cover it, a comment naming each of them, and their time.
 *
 * <p>Statuses (TestRail's built-in ids): a passed test is Passed (1), a failed or broken one Failed (5), a test that
 * passed only on a re-run (flaky) Retest (4): it passed, but not reliably, so somebody should look again. A skipped
 * test is Blocked (2) by default: JUnit skips a test whose assumption or condition is not met, and TestRail's
 * Blocked is "could not be tested"; Untested (3) cannot be added as a result. {@code skippedStatus = retest} makes
 * it Retest instead. Several tests of one case: Failed over Blocked over Retest over Passed.
 *
 * @param results one entry per case, in the order the cases were first met
 * @param caseIds the cases, in that order
 * @param unmapped how many test cases named no TestRail case (and were left out)
 * @param unmappedExamples the first {@value #EXAMPLES} of them, by name
 */
record CaseResults(List<Map<String, Object>> results, List<Long> caseIds, int unmapped, List<String> unmappedExamples) {
    static final int PASSED = 1;
    static final int BLOCKED = 2;
    static final int RETEST = 4;
    static final int FAILED = 5;
    /** The unmapped tests a result names. */
    static final int EXAMPLES = 20;
    /** The longest comment sent for one case: a failure's stack trace is cut to its head and tail. */
    static final int COMMENT_LIMIT = 8_000;

    /** The worse of two statuses comes later. */
    private static final List<Integer> BETTER_TO_WORSE = List.of(PASSED, RETEST, BLOCKED, FAILED);

    static CaseResults of(List<TestCaseResult> tests, CaseMapping mapping, int skippedStatus) {
        Map<Long, List<TestCaseResult>> byCase = new LinkedHashMap<>();
        int unmapped = 0;
        List<String> examples = new ArrayList<>();
        for (TestCaseResult test : tests) {
            var cases = mapping.cases(test);
            if (cases.isEmpty()) {
                unmapped++;
                if (examples.size() < EXAMPLES) {
                    examples.add(title(test));
                }
            }
            cases.forEach(id -> byCase.computeIfAbsent(id, c -> new ArrayList<>()).add(test));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        byCase.forEach((caseId, covering) -> results.add(entry(caseId, covering, skippedStatus)));
        return new CaseResults(results, List.copyOf(byCase.keySet()), unmapped, examples);
    }

    /** TestRail's status of one test. */
    static int status(TestCaseResult test, int skippedStatus) {
        if (test.status() == TestCaseStatus.SKIPPED) {
            return skippedStatus;
        }
        if (test.status().isFailure()) {
            return FAILED;
        }
        return test.flaky() ? RETEST : PASSED;
    }

    /** A duration as TestRail's timespan ({@code 1m 45s}); {@code null} under half a second, which TestRail refuses as 0s. */
    static String elapsed(Duration duration) {
        long seconds = duration == null ? 0 : (duration.toMillis() + 500) / 1000;
        if (seconds < 1) {
            return null;
        }
        StringBuilder span = new StringBuilder();
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            span.append(hours).append("h ");
        }
        if (minutes > 0) {
            span.append(minutes).append("m ");
        }
        if (rest > 0) {
            span.append(rest).append('s');
        }
        return span.toString().strip();
    }

    private static Map<String, Object> entry(long caseId, List<TestCaseResult> covering, int skippedStatus) {
        int status = PASSED;
        Duration time = Duration.ZERO;
        List<String> lines = new ArrayList<>();
        for (TestCaseResult test : covering) {
            int own = status(test, skippedStatus);
            if (BETTER_TO_WORSE.indexOf(own) > BETTER_TO_WORSE.indexOf(status)) {
                status = own;
            }
            time = time.plus(test.duration() == null ? Duration.ZERO : test.duration());
            lines.add(comment(test, own));
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("case_id", caseId);
        entry.put("status_id", status);
        entry.put("comment", TestCaseResult.excerpt(String.join("\n\n", lines), COMMENT_LIMIT));
        String elapsed = elapsed(time);
        if (elapsed != null) {
            entry.put("elapsed", elapsed);
        }
        return entry;
    }

    private static String comment(TestCaseResult test, int status) {
        StringBuilder text = new StringBuilder(title(test)).append(": ").append(switch (status) {
            case FAILED -> test.status() == TestCaseStatus.ERROR ? "error" : "failed";
            case RETEST -> test.flaky() && test.status() == TestCaseStatus.PASSED ? "passed only on a re-run (flaky)" : "skipped";
            case BLOCKED -> "skipped";
            default -> "passed";
        });
        if (test.message() != null && !test.message().isBlank()) {
            text.append("\n").append(test.message().strip());
        }
        if (status == FAILED && test.details() != null && !test.details().isBlank()) {
            text.append("\n").append(test.details().strip());
        }
        return text.toString();
    }

    private static String title(TestCaseResult test) {
        return test.className() == null || test.className().isBlank() ? test.name() : test.className() + "." + test.name();
    }
}
