package io.dtf.notify.impl.config;

import java.time.Duration;
import java.util.List;

/**
 * What a route does with the events it takes; a nested route inherits each from its parent unless it sets it.
 *
 * @param channels the notification channels (instance names) its groups go to
 * @param template the template name ({@code <channel type>/<template>.ftl}), or {@code null} for the event type's
 * @param groupBy the labels whose values make a group (one group per distinct values)
 * @param groupWait how long a new group waits for more events before its first notification
 * @param groupInterval how long after a notification a group waits before it tells what joined since
 * @param repeatInterval how long after the group was last sent whole it is sent whole again, while it is open
 * @param closeAfter a group that no event joined for this long is closed; a later event opens a new one (a new thread)
 */
public record RouteSettings(List<String> channels, String template, List<String> groupBy, Duration groupWait,
                            Duration groupInterval, Duration repeatInterval, Duration closeAfter) {
    public RouteSettings {
        channels = List.copyOf(channels);
        groupBy = List.copyOf(groupBy);
    }

    /** The root's defaults, as Alertmanager's. */
    public static final RouteSettings DEFAULTS = new RouteSettings(List.of(), null, List.of("run"), Duration.ofSeconds(30),
            Duration.ofMinutes(5), Duration.ofHours(4), Duration.ofHours(1));
}
