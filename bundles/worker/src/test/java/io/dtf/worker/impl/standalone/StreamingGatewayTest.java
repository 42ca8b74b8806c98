package io.dtf.worker.impl.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.worker.impl.log.AttemptLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingGatewayTest {
    private static final WorkerId W = WorkerId.of("w");
    private static final TaskAttempt A = new TaskAttempt(TaskId.of("r1.1"), 1);

    /** A coordinator that is down for the first {@code failures} reports, then keeps what it gets. */
    static final class Coordinator implements WorkerGateway {
        final List<WorkerReports> taken = new ArrayList<>();
        int failures;

        @Override
        public synchronized List<TaskAttempt> report(WorkerId worker, WorkerReports reports) {
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("coordinator down");
            }
            taken.add(reports);
            return List.of();
        }

        @Override
        public PollResult poll(WorkerId worker, WorkerReports reports, int freeSlots, List<TaskAttempt> running,
                               Duration maxWait) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void appendLog(WorkerId worker, TaskAttempt attempt, String text) {
            throw new UnsupportedOperationException("a short log travels with its result");
        }

        @Override
        public void register(WorkerInfo worker) {
        }

        @Override
        public void draining(WorkerId worker) {
        }

        @Override
        public void unregister(WorkerId worker) {
        }
    }

    @TempDir
    Path dir;

    @Test
    void aResultSentAgainAfterAFailedReportStillCarriesTheEndOfItsLog() throws Exception {
        Coordinator coordinator = new Coordinator();
        coordinator.failures = 1;
        try (LogStreamer streamer = new LogStreamer(coordinator, W)) {
            StreamingGateway gateway = new StreamingGateway(coordinator, streamer);
            Path file = dir.resolve("a.log");
            try (AttemptLog local = new AttemptLog(file)) {
                streamer.follow(A, local).line("the only line");
                local.file(); // as the agent keeps the log of an attempt that did not pass
            }
            WorkerReports ended = WorkerReports.completed(A, TaskResult.of(TaskState.FAILED, null));

            assertThrows(IllegalStateException.class, () -> gateway.report(W, ended));
            gateway.report(W, ended); // the agent sends what failed again

            AttemptResult delivered = coordinator.taken.get(0).completed().get(0);
            assertEquals("the only line\n", delivered.logEnd());
            gateway.report(W, ended); // a duplicate after delivery carries nothing more
            assertNull(coordinator.taken.get(1).completed().get(0).logEnd());
        }
    }
}
