package io.dtf.api.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReportMarkdownTest {
    private static final URI LINK = URI.create("http://dtf.example:8181/api/v1/runs/r7");

    private static TestRunResult failedRun(int failed, int leftOut) {
        List<TestCaseResult> tests = IntStream.range(0, failed).mapToObj(i -> new TestCaseResult("s", "org.example.T",
                "test" + i, TestCaseStatus.FAILED, Duration.ofMillis(5), "expected <1> | but\nwas <" + i + ">", null, false))
                .toList();
        return new TestRunResult(new RunId("r7"), "nightly", RunState.FAILED, new TaskCounts(Map.of(TaskState.FAILED, 1)),
                new TestCounts(failed + leftOut + 10, 10, failed + leftOut, 0, 0), Duration.ofSeconds(75), tests, leftOut,
                LINK, Map.of());
    }

    @Test
    void everyFailedTestIsListedWhenTheyFit() {
        String md = ReportMarkdown.render(null, failedRun(3, 0), 65_535);
        assertTrue(md.startsWith("### ❌ nightly: failure\n\n10 of 13 tests passed, 3 failed in 1 min 15 s (DTF run `r7`) · [details]("
                + LINK + ")\n"), md);
        assertTrue(md.contains("| org.example.T.test2 | expected &lt;1> \\| but was &lt;2> |\n"), md);
        assertFalse(md.contains("not listed"), md);
    }

    @Test
    void theTableStopsWithinTheLimitAndSaysHowManyWereLeftOut() {
        for (int limit : new int[] {200, 450, 1000, 65_535}) {
            String md = ReportMarkdown.render("nightly", failedRun(10_000, 5), limit);
            assertTrue(md.length() <= limit, limit + ": " + md.length());
            int rows = (int) md.lines().filter(l -> l.startsWith("| org.example")).count();
            assertTrue(md.contains((10_005 - rows) + " more failed tests are not listed here"), limit + ": " + md);
            assertTrue(limit < 450 || md.contains("not listed here: see [the run in DTF](" + LINK + ")"), limit + ": " + md);
        }
        assertThrows(IllegalArgumentException.class, () -> ReportMarkdown.render("x", failedRun(1, 0), 199));
    }

    @Test
    void namesAreOneLineAndCut() {
        assertEquals("a b…", ReportMarkdown.oneLine("a\r\n  b c d", 4));
        assertEquals("", ReportMarkdown.oneLine(null, 4));
    }
}
