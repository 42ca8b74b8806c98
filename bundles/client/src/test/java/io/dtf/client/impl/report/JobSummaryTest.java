package io.dtf.client.impl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.client.Fixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Actions job summary: Markdown appended to {@code GITHUB_STEP_SUMMARY}, within GitHub's 1 MiB per step
 * (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#adding-a-job-summary).
 */
class JobSummaryTest {
    private static final URI URL = URI.create("http://dtf.example.org:8181/api/v1/runs/r9");

    @TempDir
    Path dir;

    private static List<StoredTestCase> failed(int n, String message) {
        List<StoredTestCase> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cases.add(Fixtures.testCase("r9." + (i % 4 + 1), "shard-" + (i % 4), "org.example.big.SomeLongTest" + i,
                    "checksTheCase" + i, TestCaseStatus.FAILED, message));
        }
        return cases;
    }

    private static RunSummary run(int tests, int failed) {
        return Fixtures.withTestCases(Fixtures.run("r9", "nightly", TaskState.FAILED, 4), tests, failed);
    }

    @Test
    void tenThousandFailedTestsStayUnderOneMebibyteAndSayHowManyWereLeftOut() throws Exception {
        Path file = dir.resolve("step_summary");
        Files.writeString(file, "## Build\n\nwritten by an earlier command of the step\n");
        long before = Files.size(file);
        List<StoredTestCase> cases = failed(10_000, "expected:<200> but was:<500>\n" + "x".repeat(400));

        int left = new JobSummary().append(file, run(12_000, 10_000), "4 failed (of 4)", URL, List.of(), cases);

        long size = Files.size(file);
        assertTrue(size <= JobSummary.LIMIT, size + " bytes");
        assertTrue(size > JobSummary.LIMIT - 2_000, "the room is used: " + size);
        String text = Files.readString(file);
        assertTrue(text.startsWith("## Build\n\nwritten by an earlier command of the step\n### DTF run r9 nightly: "
                + "FAILED\n\n4 failed (of 4); 12000 test cases, 10000 failed\n\n"
                + "[r9 on the coordinator](" + URL + ")\n\n| Failed test | Task | Message |\n"), text.substring(0, 300));
        long rows = text.lines().filter(l -> l.startsWith("| org.example.big.")).count();
        assertTrue(left > 0 && left < 10_000, "left out " + left);
        assertEquals(10_000, rows + left, "every failed test is in the table or counted as left out");
        assertTrue(text.endsWith("\n" + left + " more failed tests were left out to keep this summary within "
                + "GitHub's 1 MiB: `dtf run r9` and the run's JUnit XML list them all.\n\n"), text.substring(
                text.length() - 300));
        assertTrue(before > 0 && text.lines().filter(l -> l.startsWith("| org.example.big.")).allMatch(
                l -> l.length() < JobSummary.MESSAGE_CHARS + 120), "long messages are cut");
    }

    @Test
    void aSmallRunIsWholeAndItsCellsCannotBreakTheTable() throws Exception {
        Path file = dir.resolve("new_summary");
        List<StoredTestCase> cases = List.of(Fixtures.testCase("r9.1", "unit", "org.x.ATest", "a|b", TestCaseStatus.FAILED,
                "expected <div>\nbut | was"));

        assertEquals(0, new JobSummary().append(file, run(3, 1), "1 failed (of 1)", URL,
                List.of(Fixtures.task("r9.1", "unit", TaskState.FAILED, 1, null),
                        Fixtures.task("r9.2", "lint", TaskState.TIMED_OUT, null, "no end after PT10M")), cases));

        assertEquals("""
                ### DTF run r9 nightly: FAILED

                1 failed (of 1); 3 test cases, 1 failed

                [r9 on the coordinator](http://dtf.example.org:8181/api/v1/runs/r9)

                | Task that did not pass | State | Message |
                | --- | --- | --- |
                | unit (r9.1) | FAILED | exit code 1 |
                | lint (r9.2) | TIMED_OUT | no end after PT10M |

                | Failed test | Task | Message |
                | --- | --- | --- |
                | org.x.ATest.a\\|b | unit (r9.1) | expected &lt;div&gt; but \\| was |

                """, Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void aStepSummaryAlreadyFullGetsOneLine() throws Exception {
        Path file = dir.resolve("full");
        Files.writeString(file, "y".repeat(2_000));
        int left = new JobSummary(2_100).append(file, run(5, 5), "4 failed (of 4)", URL, List.of(), failed(5, "no"));
        assertEquals(5, left);
        assertEquals("y".repeat(2_000) + "DTF run r9 FAILED: " + URL + "\n", Files.readString(file));
    }
}
