package io.dtf.worker.impl.agent.outbox;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerReports;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Attempts whose reports went out in a request that got no answer (a poll cut short because the worker
 * stops or drains, or a failed connection) and are sent again: the coordinator may have taken them the
 * first time, so its refusal of the second copy is expected. Thread-safe.
 */
public final class ReportsInDoubt {
    private final Set<TaskAttempt> maybeTaken = ConcurrentHashMap.newKeySet();

    /** The request carrying these reports got no answer: it may have arrived. */
    public void unanswered(WorkerReports reports) {
        attempts(reports).forEach(maybeTaken::add);
    }

    /** Reports delivered and taken are no longer in doubt; those refused are left for {@link #wasInDoubt}. */
    public void settled(WorkerReports reports, PollResult answer) {
        if (!maybeTaken.isEmpty()) {
            attempts(reports).filter(a -> !answer.refused().contains(a)).forEach(maybeTaken::remove);
        }
    }

    /** Whether a refused report of this attempt was one sent again (and is in doubt no longer). */
    public boolean wasInDoubt(TaskAttempt attempt) {
        return maybeTaken.remove(attempt);
    }

    /** The attempts a batch of reports is about. */
    private static Stream<TaskAttempt> attempts(WorkerReports reports) {
        return Stream.of(reports.started().stream(),
                reports.completed().stream().map(AttemptResult::attempt), reports.returned().stream())
                .flatMap(s -> s);
    }
}
