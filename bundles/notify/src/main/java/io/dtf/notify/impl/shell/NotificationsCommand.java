package io.dtf.notify.impl.shell;

import io.dtf.notify.api.Delivery;
import io.dtf.notify.api.DeliveryOutcome;
import io.dtf.notify.api.NotificationLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "notifications",
        description = "The notification system's delivery log: every event as sent, grouped into another, silenced, "
                + "inhibited, repeated or failed, with the reason; the counts; the routing file in force.")
@Service
public class NotificationsCommand implements Action {
    @Reference
    NotificationLog log;

    @Option(name = "-n", aliases = "--limit", description = "How many of the latest entries (default 30)")
    int limit = 30;

    @Override
    public Object execute() {
        System.out.print(render(Instant.now()));
        return null;
    }

    String render(Instant now) {
        StringBuilder out = new StringBuilder();
        out.append("Routing: ").append(log.routingStatus()).append('\n');
        Map<DeliveryOutcome, Long> counters = log.counters();
        out.append("Counts: ").append(counters.isEmpty() ? "nothing yet" : counters.entrySet().stream()
                .map(e -> lower(e.getKey()) + " " + e.getValue()).collect(Collectors.joining(", ")))
                .append("; pending groups: ").append(log.pendingGroups().size()).append("\n\n");
        ShellTable table = new ShellTable().emptyTableText("No event reached the notification system since the start");
        table.column("When");
        table.column("Outcome");
        table.column("Event").maxSize(40);
        table.column("Run");
        table.column("Route").maxSize(20);
        table.column("Channel");
        table.column("Events").alignRight();
        table.column("Reason").maxSize(70);
        for (Delivery d : log.recent(Math.max(1, limit))) {
            table.addRow().addContent(ago(d.at(), now), lower(d.outcome()), d.eventId() == null ? "-" : d.eventId(),
                    orDash(d.run()), orDash(d.route()), orDash(d.channel()), d.events(), orDash(d.reason()));
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        table.print(print);
        return out + bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static String orDash(String text) {
        return text == null || text.isEmpty() ? "-" : text;
    }

    static String ago(Instant t, Instant now) {
        long s = Math.max(0, Duration.between(t, now).getSeconds());
        return s < 60 ? s + "s ago" : s < 3600 ? s / 60 + "m ago" : s < 86_400 ? s / 3600 + "h ago" : s / 86_400 + "d ago";
    }
}
