package io.dtf.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TaskCounts;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormatTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void durationsAreShortAndHuman() {
        assertEquals("-", Format.duration(null));
        assertEquals("0s", Format.duration(Duration.ZERO));
        assertEquals("-5ms", Format.duration(Duration.ofMillis(-5)));
        assertEquals("349ms", Format.duration(Duration.ofMillis(349)));
        assertEquals("1.2s", Format.duration(Duration.ofMillis(1250)));
        assertEquals("59.9s", Format.duration(Duration.ofMillis(59_999)));
        assertEquals("1m", Format.duration(Duration.ofSeconds(60)));
        assertEquals("3m04s", Format.duration(Duration.ofSeconds(184)));
        assertEquals("59m59s", Format.duration(Duration.ofSeconds(3599)));
        assertEquals("2h05m", Format.duration(Duration.ofMinutes(125)));
        assertEquals("1d03h", Format.duration(Duration.ofHours(27)));
    }

    @Test
    void betweenNeedsBothEnds() {
        assertEquals("-", Format.between(null, T0));
        assertEquals("12.3s", Format.between(T0, T0.plusMillis(12_300)));
    }

    @Test
    void timestampsAndAges() {
        assertEquals("2026-11-27 10:00:00", Format.timestamp(T0, ZoneOffset.UTC));
        assertEquals("2026-11-27 11:00:00", Format.timestamp(T0, ZoneOffset.ofHours(1)));
        assertEquals("-", Format.timestamp(null, ZoneOffset.UTC));
        assertEquals("never", Format.ago(null, T0));
        assertEquals("4s ago", Format.ago(T0.minusSeconds(4), T0));
        assertEquals("0s ago", Format.ago(T0.plusSeconds(1), T0));
        assertEquals("12m ago", Format.ago(T0.minusSeconds(12 * 60 + 5), T0));
        assertEquals("3h ago", Format.ago(T0.minusSeconds(3 * 3600 + 1), T0));
        assertEquals("2d ago", Format.ago(T0.minus(Duration.ofDays(2)), T0));
    }

    @Test
    void progressBarFillsProportionally() {
        assertEquals("[          ]", Format.progressBar(0, 10, 10));
        assertEquals("[===>      ]", Format.progressBar(4, 10, 10));
        assertEquals("[==========]", Format.progressBar(10, 10, 10));
        assertEquals("[          ]", Format.progressBar(0, 0, 10));
        assertEquals("[==========]", Format.progressBar(12, 10, 10));
    }

    @Test
    void progressLineShowsCountsAndTime() {
        RunSummary s = summary(Map.of(TaskState.PASSED, 2, TaskState.FAILED, 1, TaskState.ERROR, 1,
                TaskState.RUNNING, 1, TaskState.QUEUED, 5), null);
        assertEquals("r3  RUNNING  [=======>            ] 4/10 tasks  2 passed 2 failed 1 running  12.3s",
                Format.progressLine(s, T0.plusMillis(12_345)));
    }

    @Test
    void progressLineShrinksItsBarToFitTheTerminal() {
        RunSummary s = summary(Map.of(TaskState.PASSED, 2, TaskState.RUNNING, 1, TaskState.QUEUED, 7), null);
        Instant now = T0.plusMillis(12_345);
        assertEquals(Format.progressLine(s, now), Format.progressLine(s, now, 200));
        assertEquals("r3  RUNNING  [=>        ] 2/10 tasks  2 passed 0 failed 1 running  12.3s",
                Format.progressLine(s, now, 72));
        String narrow = Format.progressLine(s, now, 40);
        assertEquals(40, narrow.length());
        assertTrue(narrow.startsWith("r3  RUNNING  [>    ] 2/10 tasks"), narrow);
    }

    @Test
    void progressLineStopsTheClockWhenTheRunFinished() {
        RunSummary s = summary(Map.of(TaskState.PASSED, 1, TaskState.CANCELLED, 1), T0.plusSeconds(184));
        assertEquals("r3  CANCELLED  [====================] 2/2 tasks  1 passed 0 failed 0 running 1 cancelled  3m04s",
                Format.progressLine(s, T0.plusSeconds(999)));
    }

    @Test
    void countsListsOnlyNonZeroStates() {
        assertEquals("no tasks", Format.counts(new TaskCounts(Map.of())));
        assertEquals("2 queued, 1 passed, 1 timed out",
                Format.counts(new TaskCounts(Map.of(TaskState.TIMED_OUT, 1, TaskState.QUEUED, 2, TaskState.PASSED, 1))));
    }

    @Test
    void smallHelpers() {
        assertEquals("120", Format.tests(120, 0));
        assertEquals("120 (3 failed)", Format.tests(120, 3));
        assertEquals("-", Format.orNone(null));
        assertEquals("7", Format.orNone(7));
        assertEquals("-", Format.labels(Map.of()));
        assertEquals("branch=main, team=web", Format.labels(Map.of("team", "web", "branch", "main")));
        assertEquals("a,b", Format.labels(Set.of("b", "a")));
        assertEquals("-", Format.labels(Set.of()));
        assertTrue(Format.isTaskId("r3.2"));
        assertFalse(Format.isTaskId("r3"));
    }

    @Test
    void firstLineTailAndTruncate() {
        assertEquals("", Format.firstLine(null, 10));
        assertEquals("expected 1", Format.firstLine("\n  expected 1  \n\tat Foo.bar()", 80));
        assertEquals("abcdefg...", Format.firstLine("abcdefghijklmnop", 10));
        assertEquals("ab", Format.truncate("abcdef", 2));
        assertEquals("abc", Format.truncate("abc", 3));
        assertEquals("c\nd", Format.tail("a\nb\nc\nd\n", 2));
        assertEquals("a", Format.tail("a", 5));
        assertEquals("", Format.tail(null, 5));
    }

    @Test
    void errorsShowCodeAndEveryProblem() {
        DtfException e = new DtfException(ErrorCode.INVALID_PLAN, "plan x.yaml is not valid",
                List.of(new Problem("name", "is required"), new Problem("tasks[1].timeout", "must be positive")));
        assertEquals("Error DTF-1001: plan x.yaml is not valid:\n  - name: is required\n"
                + "  - tasks[1].timeout: must be positive", Format.error(e));
        assertEquals("Error DTF-1004: run 'r99' does not exist",
                Format.error(DtfException.notFound("run", RunId.of("r99"))));
    }

    @Test
    void statesParseInAnyCaseAndSeparator() {
        assertEquals(EnumSet.noneOf(TaskState.class), Format.states(null));
        assertEquals(EnumSet.of(TaskState.FAILED, TaskState.TIMED_OUT, TaskState.ERROR),
                Format.states("failed, timed-out ERROR"));
        DtfException e = assertThrows(DtfException.class, () -> Format.states("FAILED,DONE"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith("unknown task state 'DONE'; use one of QUEUED, LEASED"), e.getMessage());
    }

    @Test
    void pageChecksTheLimit() {
        assertEquals(20, Format.page("--limit", 20).limit());
        DtfException e = assertThrows(DtfException.class, () -> Format.page("--limit", 0));
        assertEquals("--limit must be between 1 and 1000, not 0", e.getMessage());
    }

    static RunSummary summary(Map<TaskState, Integer> counts, Instant finishedAt) {
        TaskCounts c = new TaskCounts(counts);
        RunState state = c.runState();
        return new RunSummary(new TestRun(RunId.of("r3"), "api-tests", Map.of(), null, null, T0, ""), state, c,
                finishedAt, 0, 0);
    }
}
