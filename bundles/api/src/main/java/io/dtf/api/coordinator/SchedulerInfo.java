package io.dtf.api.coordinator;

import java.util.Map;

/**
 * An installed scheduler as {@code dtf:schedulers} shows it.
 *
 * @param name its {@code dtf.scheduler} name
 * @param active whether runs that name no scheduler use it
 * @param bundle the bundle it comes from, with its version
 * @param queued tasks waiting in its queue (the active one's includes runs that name none)
 * @param counters its own counters
 */
public record SchedulerInfo(String name, boolean active, String bundle, int queued, Map<String, Long> counters) {
}
