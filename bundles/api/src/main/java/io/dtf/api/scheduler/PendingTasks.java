package io.dtf.api.scheduler;

import java.util.Collection;

/**
 * The queue as a scheduler sees it: indexed by requirement class, so that a decision looks at the
 * classes a worker can serve instead of scanning every task.
 */
public interface PendingTasks {
    int size();

    /** The non-empty requirement classes. */
    Collection<PendingGroup> groups();
}
