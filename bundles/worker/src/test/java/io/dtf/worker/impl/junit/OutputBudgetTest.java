package io.dtf.worker.impl.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputBudgetTest {

    @Test
    void withinTheBudgetNothingChanges() {
        List<TestCaseResult> cases = List.of(test("a", TestCaseStatus.PASSED, 40), test("b", TestCaseStatus.FAILED, 40));
        assertSame(cases, OutputBudget.apply(cases, 100));
    }

    @Test
    void overItFailedTestsKeepTheirOutputFirstThenPassedOnesInOrder() {
        List<TestCaseResult> cases = List.of(test("p1", TestCaseStatus.PASSED, 40), test("p2", TestCaseStatus.PASSED,
                40), test("f1", TestCaseStatus.FAILED, 40), test("e1", TestCaseStatus.ERROR, 40));
        List<TestCaseResult> kept = OutputBudget.apply(cases, 130);
        assertEquals(List.of("p1", "p2", "f1", "e1"), kept.stream().map(TestCaseResult::name).toList(), "order kept");
        assertEquals("o".repeat(20), kept.get(0).systemOut());
        assertNull(kept.get(1).systemOut(), "past the budget");
        assertNull(kept.get(1).systemErr());
        assertEquals("e".repeat(20), kept.get(2).systemErr());
        assertEquals("o".repeat(20), kept.get(3).systemOut());
        assertEquals(Map.of("jira", "DTF-1"), kept.get(1).properties(), "only the output goes");
        assertEquals(TestCaseStatus.PASSED, kept.get(1).status());
    }

    /** A test case printing {@code chars} characters, half to each stream. */
    private static TestCaseResult test(String name, TestCaseStatus status, int chars) {
        return new TestCaseResult("s", "C", name, status, Duration.ZERO, null, null, false, Map.of("jira", "DTF-1"),
                "o".repeat(chars / 2), "e".repeat(chars / 2));
    }
}
