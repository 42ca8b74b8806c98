package io.dtf.notify.impl.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line under a finished run's title in every channel: what a reader wants to know first. */
class RunFiguresTest {
    private static final Instant SUBMITTED = Instant.parse("2026-12-07T02:00:00Z");

    @Test
    void aFailedRunSaysHowManyTestsAndTasksFailedAndHowLongItTook() {
        RunSummary failed = summary(Map.of(TaskState.PASSED, 3, TaskState.FAILED, 1, TaskState.TIMED_OUT, 1), 120, 3,
                SUBMITTED.plusSeconds(252));

        assertEquals("3 of 120 tests failed · 2 of 5 tasks failed · 4m12s", EventReader.runFigures(failed, null));
        assertEquals("3 of 120 tests failed · 2 of 5 tasks failed · 1m", EventReader.runFigures(failed,
                Duration.ofMinutes(1)), "the report's duration when the event has one");
    }

    @Test
    void aPassedRunAndARunWithoutTestsSayWhatTheyHave() {
        assertEquals("120 tests passed · 5 tasks passed · 4m12s", EventReader.runFigures(
                summary(Map.of(TaskState.PASSED, 5), 120, 0, SUBMITTED.plusSeconds(252)), null));
        assertEquals("1 task passed", EventReader.runFigures(summary(Map.of(TaskState.PASSED, 1), 0, 0, null), null));
        assertNull(EventReader.runFigures(null, null), "a run purged since: no figures");
    }

    private static RunSummary summary(Map<TaskState, Integer> tasks, int tests, int failedTests, Instant finished) {
        TaskCounts counts = new TaskCounts(tasks);
        return new RunSummary(new TestRun(RunId.of("r12"), "nightly-api", Map.of(), "default", null, SUBMITTED, null),
                counts.runState() == RunState.PASSED ? RunState.PASSED : RunState.FAILED, counts, finished, tests,
                failedTests);
    }
}
