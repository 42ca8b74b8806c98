package io.dtf.connector.testrail.impl;

import static io.dtf.connector.testrail.impl.TestRailFixture.mapped;
import static io.dtf.connector.testrail.impl.TestRailFixture.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DTF's outcomes as TestRail's statuses, times and comments (Results API, status ids 1, 2, 4, 5). */
class CaseResultsTest {
    private static final CaseMapping BY_PROPERTY = CaseMapping.byProperty("testrail_case_id");

    @Test
    void eachOutcomeIsTestRailsStatus() {
        assertEquals(1, CaseResults.status(test("a", TestCaseStatus.PASSED, 0, Map.of()), CaseResults.BLOCKED));
        assertEquals(5, CaseResults.status(test("a", TestCaseStatus.FAILED, 0, Map.of()), CaseResults.BLOCKED));
        assertEquals(5, CaseResults.status(test("a", TestCaseStatus.ERROR, 0, Map.of()), CaseResults.BLOCKED));
        assertEquals(2, CaseResults.status(test("a", TestCaseStatus.SKIPPED, 0, Map.of()), CaseResults.BLOCKED));
        assertEquals(4, CaseResults.status(test("a", TestCaseStatus.SKIPPED, 0, Map.of()), CaseResults.RETEST));
        TestCaseResult flaky = new TestCaseResult("api", "org.example.T", "a", TestCaseStatus.PASSED, Duration.ZERO,
                null, null, true);
        assertEquals(4, CaseResults.status(flaky, CaseResults.BLOCKED), "passed only on a re-run: retest");
    }

    @Test
    void elapsedIsTestRailsTimespanAndLeftOutUnderHalfASecond() {
        assertNull(CaseResults.elapsed(Duration.ofMillis(499)));
        assertEquals("1s", CaseResults.elapsed(Duration.ofMillis(500)));
        assertEquals("1m 45s", CaseResults.elapsed(Duration.ofSeconds(105)));
        assertEquals("2h 5s", CaseResults.elapsed(Duration.ofSeconds(7205)));
        assertEquals("1m", CaseResults.elapsed(Duration.ofSeconds(60)));
    }

    @Test
    void aCaseCoveredByTestsOfDifferentOutcomesTakesTheWorstAndTheirTime() {
        CaseResults results = CaseResults.of(List.of(
                mapped("first", TestCaseStatus.PASSED, 40_000, "C7"),
                mapped("second", TestCaseStatus.FAILED, 30_000, "C7, C8"),
                mapped("third", TestCaseStatus.SKIPPED, 0, "C8")), BY_PROPERTY, CaseResults.BLOCKED);

        assertEquals(List.of(7L, 8L), results.caseIds());
        assertEquals(5, results.results().get(0).get("status_id"));
        assertEquals("1m 10s", results.results().get(0).get("elapsed"));
        String comment = (String) results.results().get(0).get("comment");
        assertTrue(comment.startsWith("org.example.LoginTest.first: passed\n\norg.example.LoginTest.second: failed"), comment);
        assertEquals(5, results.results().get(1).get("status_id"), "failed is worse than blocked");
    }

    @Test
    void aLongStackTraceIsCutToTheCommentLimit() {
        TestCaseResult huge = new TestCaseResult("api", "org.example.T", "a", TestCaseStatus.FAILED, Duration.ZERO,
                "boom", "at x\n".repeat(10_000), false, Map.of("testrail_case_id", "C1"), null, null);

        String comment = (String) CaseResults.of(List.of(huge), BY_PROPERTY, CaseResults.BLOCKED).results().get(0).get("comment");

        assertEquals(CaseResults.COMMENT_LIMIT, comment.length());
        assertTrue(comment.contains("characters, the middle left out"), "says what was cut");
    }
}
