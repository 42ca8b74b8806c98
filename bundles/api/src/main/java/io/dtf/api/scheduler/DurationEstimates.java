package io.dtf.api.scheduler;

import io.dtf.api.task.Task;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/** How long tasks are expected to take, learnt from their history. */
@ProviderType
public interface DurationEstimates {
    /** The estimate for this task: from the history of its key, or the configured default. */
    Duration estimate(Task task);
}
