package io.dtf.api.worker;

import io.dtf.api.task.TaskAttempt;
import java.util.List;

/**
 * Answer to a worker's poll.
 *
 * @param leases new tasks to run, at most as many as the worker had free slots
 * @param cancel attempts the worker runs that it must stop: cancelled by a user, or no longer its own
 */
public record PollResult(List<Lease> leases, List<TaskAttempt> cancel) {
    public PollResult {
        leases = List.copyOf(leases);
        cancel = List.copyOf(cancel);
    }

    public static final PollResult EMPTY = new PollResult(List.of(), List.of());

    public boolean isEmpty() {
        return leases.isEmpty() && cancel.isEmpty();
    }
}
