package io.dtf.api.scheduler;

import io.dtf.api.task.RunId;
import java.util.Collection;
import java.util.NavigableMap;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The queue as a scheduler sees it: indexed by requirement class, so that a decision looks at the
 * classes a worker can serve instead of scanning every task.
 */
@ProviderType
public interface PendingTasks {
    int size();

    /** The non-empty requirement classes. */
    Collection<PendingGroup> groups();

    /**
     * The runs with queued tasks in submission order, keyed by the submission number ({@code seq})
     * of the first task each queued; a run keeps its key while it has tasks queued. For strategies
     * that take turns between runs.
     */
    NavigableMap<Long, RunId> runs();
}
