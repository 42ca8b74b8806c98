package io.dtf.api.scheduler;

import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;

/** The queued tasks that share one set of requirements, in submission order. */
public interface PendingGroup extends Iterable<Task> {
    Requirements requirements();

    int size();

    /** The oldest task of the group. Only called on a non-empty group. */
    Task first();
}
