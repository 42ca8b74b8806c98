package io.dtf.worker.impl.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.WorkerReports;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Outbox outbox = new Outbox(now::get);

    private static TaskAttempt attempt(int task) {
        return new TaskAttempt(TaskId.of("r1." + task), 1);
    }

    private static AttemptResult passed(int task) {
        return new AttemptResult(attempt(task), TaskResult.of(TaskState.PASSED, null));
    }

    @Test
    void nothingQueuedIsNeverDue() {
        assertEquals(-1, outbox.untilDue(() -> true));
        assertSame(WorkerReports.NONE, outbox.take());
    }

    @Test
    void startsAndEndsWaitForCompanyUnlessTheWorkerRunsShortOfWork() {
        outbox.started(attempt(1));
        assertEquals(Outbox.REPORT_DELAY.toNanos(), outbox.untilDue(() -> true), "a start waits up to the delay");
        now.addAndGet(5_000_000);
        outbox.ended(passed(2));
        assertEquals(0, outbox.untilDue(() -> true), "an end goes at once when work runs short");
        assertEquals(Outbox.REPORT_DELAY.toNanos() - 5_000_000, outbox.untilDue(() -> false),
                "else it waits for company too, as long as the oldest start may");
        now.addAndGet(Outbox.REPORT_DELAY.toNanos());
        assertEquals(0, outbox.untilDue(() -> false));
    }

    @Test
    void aHandBackIsDueAtOnce() {
        outbox.returned(attempt(3));
        assertEquals(0, outbox.untilDue(() -> false));
    }

    @Test
    void takesHandBacksFirstThenEndsThenStartsUpToOneRequestsWorth() {
        for (int i = 0; i < 300; i++) {
            outbox.started(attempt(i));
            outbox.ended(passed(1000 + i));
        }
        outbox.returned(attempt(5000));
        WorkerReports first = outbox.take();
        assertEquals(List.of(attempt(5000)), first.returned());
        assertEquals(300, first.completed().size());
        assertEquals(Outbox.MAX_REPORTS_PER_REQUEST - 301, first.started().size());
        assertEquals(attempt(0), first.started().get(0));
        WorkerReports second = outbox.take();
        assertEquals(301 + 300 - Outbox.MAX_REPORTS_PER_REQUEST, second.started().size());
        assertSame(WorkerReports.NONE, outbox.take());
    }

    @Test
    void reportsPutBackGoFirstAndAreDueAtOnce() {
        outbox.started(attempt(1));
        WorkerReports taken = outbox.take();
        outbox.putBack(taken);
        assertEquals(0, outbox.untilDue(() -> false), "what went out before is due already");
        outbox.started(attempt(2));
        outbox.putBack(outbox.take());
        outbox.putBack(new WorkerReports(List.of(attempt(3)), List.of(), List.of()));
        assertEquals(List.of(attempt(3), attempt(1), attempt(2)), outbox.take().started());
    }
}
