package io.dtf.coordinator.impl.lookup;

import io.dtf.api.connector.SecretProperties;
import io.dtf.api.notify.NotificationChannel;
import io.dtf.api.notify.NotificationChannelInfo;
import io.dtf.api.notify.NotificationChannels;
import io.dtf.coordinator.impl.lookup.ServiceTable.Entry;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@link NotificationChannels}: the notification channels registered now, by name and kind. */
@Component(service = NotificationChannels.class)
public final class NotificationChannelLookup extends NamedLookup<NotificationChannel>
        implements NotificationChannels {
    public NotificationChannelLookup() {
        this(Lookups.GRACE);
    }

    NotificationChannelLookup(Duration grace) {
        super(new ServiceTable<>(NotificationChannel.class, "notification channel", NotificationChannel.PROPERTY,
                NotificationChannel.NAME, grace));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + NotificationChannel.PROPERTY + "=*)")
    void bindChannel(NotificationChannel channel, Map<String, Object> properties) {
        table.add(channel, properties);
    }

    void updatedChannel(NotificationChannel channel, Map<String, Object> properties) {
        table.update(channel, properties);
    }

    void unbindChannel(NotificationChannel channel, Map<String, Object> properties) {
        table.remove(channel, properties);
    }

    @Override
    public List<NotificationChannelInfo> all() {
        List<Entry<NotificationChannel>> entries = table.entries();
        Set<Long> taken = ServiceTable.nameTaken(entries);
        return entries.stream().map(entry -> new NotificationChannelInfo(entry.name(), entry.type(),
                        SecretProperties.shown(entry.properties()),
                        taken.contains(entry.id()) ? Lookups.nameTakenProblem(entry.name()) : null))
                .sorted(Comparator.comparing(NotificationChannelInfo::name)).toList();
    }
}
