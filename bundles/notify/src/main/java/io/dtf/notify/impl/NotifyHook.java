package io.dtf.notify.impl;

import io.dtf.api.notify.NotificationChannels;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.store.TaskStore;
import io.dtf.notify.api.Delivery;
import io.dtf.notify.api.DeliveryOutcome;
import io.dtf.notify.api.Matcher;
import io.dtf.notify.api.NotificationLog;
import io.dtf.notify.api.Silence;
import io.dtf.notify.api.Silences;
import io.dtf.notify.impl.events.Intake;
import io.dtf.notify.impl.files.DataFiles;
import io.dtf.notify.impl.templates.Templates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification system as a durable hook: each event is written to the data area before {@link #on} returns (so
 * the coordinator's acknowledgement comes after it is safe) and then routed and grouped with the events that came
 * with it ({@link Intake}), and a timer thread sends what is due. Offers the delivery log and the silences to the shell and REST. A changed configuration re-activates it;
 * the groups resume from their journals.
 */
@Component(service = {Hook.class, NotificationLog.class, Silences.class}, configurationPid = "io.dtf.notify",
        property = {Hook.PROPERTY + "=" + NotifyHook.EVENT_TYPES, Hook.DELIVERY + "=" + Hook.DURABLE,
                Hook.CONCURRENCY + "=4", Hook.TIME_LIMIT + "=60s", Hook.ATTEMPTS + "=8"})
@Designate(ocd = NotifyConfig.class)
public final class NotifyHook implements Hook, NotificationLog, Silences {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyHook.class);
    /** The event types routes can match by default: failures, the ends of runs, and plugins' own events. */
    static final String EVENT_TYPES = "RUN_COMPLETED,TASK_FAILED,TASK_TIMED_OUT,TASK_CANCELLED,TASK_DEADLINE_AT_RISK,"
            + "WORKER_FAILED,WORKER_DISCONNECTED,RECOVERY_FAILED,PLUGIN_UNLOADED,CUSTOM";

    private final Notifier notifier;
    private final RoutingFile routing;
    private final Intake intake;
    private final ScheduledExecutorService timer;

    @Activate
    public NotifyHook(@Reference TaskStore store, @Reference NotificationChannels channels, NotifyConfig config,
                      ComponentContext context) {
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        Path data = config.dataDirectory().isBlank() ? context.getBundleContext().getDataFile("notify").toPath()
                : Path.of(config.dataDirectory());
        this.notifier = new Notifier(Clock.systemUTC(), store, channels, new DataFiles(data), RoutingFile.NONE,
                new Templates(etc.resolve(config.templates())), config.logSize());
        this.routing = new RoutingFile(etc.resolve(config.routes()));
        routing.reloadIfChanged(notifier);
        this.intake = new Intake(data.resolve("intake"), notifier::accept);
        intake.start();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dtf-notify");
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(50, config.tickMillis());
        timer.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            routing.reloadIfChanged(notifier);
            notifier.tick();
        } catch (RuntimeException e) {
            LOG.error("Notifications could not be sent this time; they are tried again: {}", e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        intake.close();
        notifier.close();
    }

    /** Takes the event into the intake: it is safe in the data area when this returns, and decided in a batch. */
    @Override
    public void on(DtfEvent event) throws InterruptedException {
        intake.append(event);
    }

    @Override
    public List<Delivery> recent(int limit) {
        return notifier.recent(limit);
    }

    @Override
    public Map<DeliveryOutcome, Long> counters() {
        return notifier.counters();
    }

    @Override
    public Map<String, Map<DeliveryOutcome, Long>> countersByChannel() {
        return notifier.countersByChannel();
    }

    @Override
    public long eventsSent() {
        return notifier.eventsSent();
    }

    @Override
    public Map<String, Integer> pendingGroups() {
        return notifier.pendingGroups();
    }

    @Override
    public String routingStatus() {
        return notifier.routingStatus();
    }

    @Override
    public Silence add(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {
        return notifier.silences().add(matchers, startsAt, endsAt, createdBy, comment);
    }

    @Override
    public List<Silence> list(boolean expired) {
        return notifier.silences().list(expired);
    }

    @Override
    public Optional<Silence> expire(String id) {
        return notifier.silences().expire(id);
    }
}
