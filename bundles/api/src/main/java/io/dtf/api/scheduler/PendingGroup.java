package io.dtf.api.scheduler;

import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import java.util.Collection;
import java.util.stream.StreamSupport;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The queued tasks that share one set of requirements (a requirement class), kept in several
 * orders at once so that a scheduler walks the order it needs from the front instead of sorting or
 * scanning. Iterating it walks submission order.
 */
@ProviderType
public interface PendingGroup extends Iterable<Task> {
    Requirements requirements();

    int size();

    /** The oldest task of the group. Only called on a non-empty group. */
    Task first();

    /** Highest priority first; equal priorities oldest first. */
    Iterable<Task> byPriority();

    /**
     * The {@link #byPriority} order from its first task of priority {@code priority} or lower: the
     * tasks of one priority, oldest first, without walking past those above. This default walks
     * past them; the coordinator's index jumps.
     */
    default Iterable<Task> byPriorityFrom(int priority) {
        return () -> StreamSupport.stream(byPriority().spliterator(), false)
                .dropWhile(task -> task.priority() > priority).iterator();
    }

    /** Earliest deadline first, tasks without a deadline last; equal deadlines oldest first. */
    Iterable<Task> byDeadline();

    /** The tenants with tasks in this group. */
    Collection<String> tenants();

    /** This group's tasks of one tenant, with the same orders; empty when the tenant has none. */
    PendingGroup ofTenant(String tenant);

    /** The runs with tasks in this group, oldest run first. */
    Collection<RunId> runs();

    /** This group's tasks of one run, with the same orders; empty when the run has none. */
    PendingGroup ofRun(RunId run);
}
