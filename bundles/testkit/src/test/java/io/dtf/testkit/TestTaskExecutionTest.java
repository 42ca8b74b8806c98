package io.dtf.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.executor.Cancellation;
import io.dtf.api.task.TaskAttempt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestTaskExecutionTest {
    @TempDir
    Path workDir;

    @Test
    void keepsTheLogInMemoryAndInItsFile() throws Exception {
        TestTaskExecution execution = TestTaskExecution.of(TaskBuilder.task().id("r1.4").build(), workDir);

        execution.log().line("one");
        execution.log().line("two");

        assertEquals(List.of("one", "two"), execution.lines());
        assertEquals("one\ntwo\n", Files.readString(execution.logFile()));
        assertEquals(new TaskAttempt(execution.task().id(), 1), execution.attempt());
        assertEquals(workDir, execution.workDir());
    }

    @Test
    void keepsTheProcessesTheExecutorStarted() {
        TestTaskExecution execution = TestTaskExecution.of(TaskBuilder.task().build(), workDir);

        execution.processStarted(ProcessHandle.current());

        assertEquals(List.of(ProcessHandle.current()), execution.processesStarted());
    }

    @Test
    void theDeadlineIsTheTimeOutFromNowUnlessSet() {
        Instant before = Instant.now();
        TestTaskExecution execution = TestTaskExecution.of(TaskBuilder.task().timeout(Duration.ofMinutes(2)).build(),
                workDir);

        assertFalse(execution.deadline().isBefore(before.plus(Duration.ofMinutes(2))));
        assertEquals(Instant.EPOCH, execution.deadline(Instant.EPOCH).deadline());
    }

    @Test
    void cancellingRunsEachActionOnceAndLateOnesAtOnce() {
        TestTaskExecution execution = TestTaskExecution.of(TaskBuilder.task().build(), workDir);
        Cancellation cancellation = execution.cancellation();
        AtomicInteger ran = new AtomicInteger();
        cancellation.onCancel(ran::incrementAndGet);

        assertTrue(execution.cancel());
        assertFalse(execution.cancel(), "cancelled already");
        assertTrue(cancellation.isCancelled());
        cancellation.onCancel(ran::incrementAndGet);

        assertEquals(2, ran.get());
    }
}
