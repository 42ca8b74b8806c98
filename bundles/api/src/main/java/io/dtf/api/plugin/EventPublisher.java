package io.dtf.api.plugin;

import io.dtf.api.notify.Severity;
import io.dtf.api.task.RunId;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Lets a plugin publish events of its own ({@link HookType#CUSTOM}) for other plugins to route, such as
 * the browser pool's "job slower than its median". Hooks that ask for {@code CUSTOM} receive them like
 * DTF's events, durable ones at least once. A service of the coordinator.
 */
@ProviderType
public interface EventPublisher {
    /**
     * Publishes a {@link HookType#CUSTOM} event. Its data holds {@code data} plus {@link EventData#TOPIC} and
     * {@link EventData#PLUGIN} (unless {@code data} names it: the topic up to its first dot).
     *
     * @param topic what it is about, {@code <plugin>.<subject>} (for example {@code pool.slow-job}); not blank
     * @param run the run it concerns, or {@code null}
     * @param data details: strings, numbers, booleans, lists and maps of them (it is stored as JSON)
     * @return the event as published, with its id
     */
    DtfEvent publish(String topic, Severity severity, RunId run, Map<String, Object> data);
}
