package io.dtf.api.worker;

import io.dtf.api.task.TaskAttempt;
import java.util.List;

/**
 * Answer to a worker's poll.
 *
 * @param leases new tasks to run, at most as many as the worker had free slots
 * @param cancel attempts the worker runs that it must stop: cancelled by a user, or no longer its own
 * @param refused attempts whose reports in this poll were refused because they are no longer the
 *     worker's (as {@link WorkerGateway#report} answers); the worker stops them if they still run
 */
public record PollResult(List<Lease> leases, List<TaskAttempt> cancel, List<TaskAttempt> refused) {
    public PollResult {
        leases = leases == null ? List.of() : List.copyOf(leases);
        cancel = cancel == null ? List.of() : List.copyOf(cancel);
        refused = refused == null ? List.of() : List.copyOf(refused);
    }

    public PollResult(List<Lease> leases, List<TaskAttempt> cancel) {
        this(leases, cancel, List.of());
    }

    public static final PollResult EMPTY = new PollResult(List.of(), List.of(), List.of());

    public boolean isEmpty() {
        return leases.isEmpty() && cancel.isEmpty() && refused.isEmpty();
    }
}
