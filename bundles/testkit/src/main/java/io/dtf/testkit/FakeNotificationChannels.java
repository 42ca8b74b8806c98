package io.dtf.testkit;

import io.dtf.api.notify.NotificationChannel;
import io.dtf.api.notify.NotificationChannelInfo;
import io.dtf.api.notify.NotificationChannels;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A {@link NotificationChannels} lookup of the channels a test {@link #add adds} (a {@link FakeNotificationChannel}
 * or its own), for code that routes notifications to channels by name or kind; {@link #remove} makes one go away.
 * Thread safe.
 */
public final class FakeNotificationChannels extends NamedInstances<NotificationChannel>
        implements NotificationChannels {
    public FakeNotificationChannels() {
        super("channel");
    }

    /**
     * A channel of a kind under a name.
     *
     * @throws IllegalArgumentException when the name is taken
     */
    public FakeNotificationChannels add(String name, String type, NotificationChannel channel) {
        register(name, type, channel);
        return this;
    }

    /** The channel of this name goes away. */
    public FakeNotificationChannels remove(String name) {
        unregister(name);
        return this;
    }

    @Override
    public List<NotificationChannelInfo> all() {
        return map((name, type, channel) -> new NotificationChannelInfo(name, type, Map.of(), null)).stream()
                .sorted(Comparator.comparing(NotificationChannelInfo::name)).toList();
    }
}
