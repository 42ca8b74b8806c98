package io.dtf.notify.impl;

import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.NotificationChannel;
import io.dtf.api.notify.NotificationChannelInfo;
import io.dtf.api.notify.NotificationChannels;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.RunId;
import io.dtf.notify.api.Delivery;
import io.dtf.notify.api.DeliveryOutcome;
import io.dtf.notify.api.NotificationLog;
import io.dtf.notify.api.Silence;
import io.dtf.notify.impl.config.Route;
import io.dtf.notify.impl.config.Rules;
import io.dtf.notify.impl.delivery.DeliveryLog;
import io.dtf.notify.impl.delivery.Inhibitions;
import io.dtf.notify.impl.delivery.RateLimits;
import io.dtf.notify.impl.delivery.SilenceStore;
import io.dtf.notify.impl.events.EventReader;
import io.dtf.notify.impl.events.EventRecord;
import io.dtf.notify.impl.events.RunNameStates;
import io.dtf.notify.impl.files.DataFiles;
import io.dtf.notify.impl.groups.Flush;
import io.dtf.notify.impl.groups.Group;
import io.dtf.notify.impl.groups.Groups;
import io.dtf.notify.impl.groups.Tally;
import io.dtf.notify.impl.templates.Rendered;
import io.dtf.notify.impl.templates.Templates;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The notification system's core, without OSGi: {@link #accept} takes an event (the hook's call) and decides what
 * becomes of it, writing it into its groups' journals before it returns; {@link #tick} sends what is due. Time is
 * the given clock's, so that tests drive it. Every event ends in the {@link DeliveryLog} as grouped, repeated,
 * inhibited, silenced, unrouted or a duplicate; every notification as sent, retrying or failed. Thread safe: one
 * lock, held for decisions and file appends, never while a channel works (sends are asynchronous).
 */
public final class Notifier implements NotificationLog {
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Clock clock;
    private final NotificationChannels channels;
    private final EventReader reader;
    private final DeliveryLog log;
    private final SilenceStore silences;
    private final Inhibitions inhibitions;
    private final Groups groups;
    private final RateLimits rateLimits = new RateLimits();
    private volatile Rules rules;
    private volatile Templates templates;
    private volatile String routingStatus = "";

    public Notifier(Clock clock, TaskStore store, NotificationChannels channels, DataFiles files, Rules rules,
                    Templates templates, int logSize) {
        this.clock = clock;
        this.channels = channels;
        this.reader = new EventReader(store, new RunNameStates(files));
        this.log = new DeliveryLog(logSize);
        this.silences = new SilenceStore(files, clock);
        this.inhibitions = new Inhibitions(files);
        this.groups = new Groups(files.resolve("groups"));
        this.rules = rules;
        this.templates = templates;
        groups.load();
    }

    /** The rules in force from now on, and what to say about them. */
    public void rules(Rules newRules, String status) {
        this.rules = Objects.requireNonNull(newRules);
        this.routingStatus = status;
    }

    /** The routing file's state: what is in force, or why a change was refused. */
    public void routingStatus(String status) {
        this.routingStatus = status;
    }

    public SilenceStore silences() {
        return silences;
    }

    /**
     * Decides what becomes of an event; when it returns, the decision is in the data area. An event delivered again
     * (the coordinator's at-least-once) that its groups already hold is counted as a duplicate and changes nothing.
     */
    public void accept(DtfEvent event) {
        accept(List.of(event));
    }

    /**
     * Decides what becomes of events, in their order, as {@link #accept(DtfEvent)} does for one: their store reads
     * are made for all of them at once (see {@link EventReader#read(List)}).
     */
    public void accept(List<DtfEvent> events) {
        List<EventRecord> records = reader.read(events); // store reads, outside the lock: the timer sends meanwhile
        synchronized (this) {
            for (int i = 0; i < events.size(); i++) {
                decide(events.get(i), records.get(i));
            }
        }
    }

    private synchronized void decide(DtfEvent event, EventRecord record) {
        Instant now = clock.instant();
        Rules r = rules;
        Map<String, String> labels = record.labels();
        List<Route> routes = r.root().routesFor(labels);
        List<Route> sending = routes.stream().filter(route -> !route.settings().channels().isEmpty()).toList();
        Map<String, Route> targets = new LinkedHashMap<>();
        sending.forEach(route -> targets.put(groupKey(route, labels), route));
        if (!targets.isEmpty() && targets.keySet().stream().allMatch(key -> groups.get(key) != null
                && groups.get(key).holds(event.id()))) {
            eventLine(record, DeliveryOutcome.DUPLICATE, null, null, "delivered again; its groups hold it already");
            return;
        }
        inhibitions.seen(labels, now, r.inhibitRules());
        String repeat = r.repeatedFailures() ? null : repeatOf(record);
        if (repeat != null) {
            eventLine(record, DeliveryOutcome.REPEATED, null, null, repeat);
            return;
        }
        Optional<String> inhibited = inhibitions.muting(labels, r.inhibitRules());
        if (inhibited.isPresent()) {
            eventLine(record, DeliveryOutcome.INHIBITED, null, null, "inhibited by " + inhibited.get());
            return;
        }
        Optional<Silence> silence = silences.muting(labels, now);
        if (silence.isPresent()) {
            eventLine(record, DeliveryOutcome.SILENCED, null, null, describe(silence.get()));
            return;
        }
        if (targets.isEmpty()) {
            eventLine(record, DeliveryOutcome.UNROUTED, routes.get(0).id(), null, "the " + (routes.get(0).id()
                    .equals("route") ? "root route" : "route " + routes.get(0).id()) + " took it and names no channel" + (routingStatus.isEmpty() ? "" : " (" + routingStatus + ")"));
            return;
        }
        targets.forEach((key, route) -> {
            Group group = groups.get(key);
            if (group == null) {
                Map<String, String> groupLabels = new LinkedHashMap<>();
                route.settings().groupBy().forEach(name -> groupLabels.put(name, labels.getOrDefault(name, "")));
                group = groups.open(key, route.id(), route.settings(), groupLabels, now);
            }
            if (!group.holds(event.id())) {
                groups.add(group, record, now);
                eventLine(record, DeliveryOutcome.GROUPED, route.id(), key, "joined " + (group.seq() == 0
                        ? "a new group: first message at " + group.dueAt()
                        : "group: told with the next message, at " + later(group.dueAt(), now)));
            }
        });
    }

    /** Sends what is due: each group's next notification, and the notifications waiting for a channel. */
    public synchronized void tick() {
        Instant now = clock.instant();
        Rules r = rules;
        for (Group group : groups.all()) {
            if (!now.isBefore(group.dueAt())) {
                decide(group, now);
            }
            for (Flush flush : List.copyOf(group.unfinished())) {
                flush.deliveries().forEach((channel, delivery) -> {
                    if (!delivery.done && !delivery.inFlight && !now.isBefore(delivery.nextAttemptAt)) {
                        deliver(group, flush, channel, now, r);
                    }
                });
            }
            if (group.unfinished().isEmpty() && group.waitingCount() == 0 && group.idle(now)
                    && !now.isBefore(group.dueAt())) {
                groups.close(group);
            }
        }
    }

    /**
     * Takes out what became muted while it waited (the events beyond those the group lists are read from its journal,
     * when a silence or an inhibiting event could mute them), then makes the group's next notification if one is due.
     */
    private void decide(Group group, Instant now) {
        Rules r = rules;
        boolean[] dropped = {false};
        if (silences.anyActive(now) || inhibitions.any()) {
            groups.forEachWaiting(group, event -> {
                Optional<String> inhibited = inhibitions.muting(event.labels(), r.inhibitRules());
                Optional<Silence> silence = inhibited.isPresent() ? Optional.empty() : silences.muting(event.labels(), now);
                if (inhibited.isPresent() || silence.isPresent()) {
                    groups.drop(group, event);
                    dropped[0] = true;
                    eventLine(event, inhibited.isPresent() ? DeliveryOutcome.INHIBITED : DeliveryOutcome.SILENCED,
                            group.route(), group.key(), (inhibited.isPresent() ? "inhibited by " + inhibited.get()
                                    : describe(silence.get())) + ", while it waited in its group");
                } else if (dropped[0]) {
                    groups.relist(group, event);
                }
            });
        }
        if (group.waitingCount() > 0) {
            groups.flush(group, group.seq() == 0 ? Flush.Kind.FIRST : Flush.Kind.UPDATE, now);
        } else if (group.repeatDue(now) && !group.idle(now) && group.keptCount() > 0) {
            groups.flush(group, Flush.Kind.REPEAT, now);
        } else if (dropped[0]) {
            groups.save(group);
        }
    }

    private void deliver(Group group, Flush flush, String channelName, Instant now, Rules r) {
        Flush.Delivery delivery = flush.deliveries().get(channelName);
        Instant allowed = rateLimits.allowedAt(channelName);
        if (now.isBefore(allowed)) {
            delivery.nextAttemptAt = allowed;
            return;
        }
        Optional<NotificationChannel> channel = channels.byName(channelName);
        delivery.attempts++;
        if (channel.isEmpty()) {
            completed(group, flush, channelName, null, ExternalSystemResult.unavailable("no_channel",
                    "no notification channel named '" + channelName + "' is configured"));
            return;
        }
        Prepared prepared = prepare(group, flush, channelName, r);
        rateLimits.sent(channelName, now, r.spacing(channelName));
        delivery.inFlight = true;
        CompletableFuture<ExternalSystemResult> sent;
        try {
            sent = Objects.requireNonNull(channel.get().send(prepared.notification()), "the channel answered null");
        } catch (RuntimeException e) {
            sent = CompletableFuture.completedFuture(ExternalSystemResult.failure(e));
        }
        sent.whenComplete((result, error) -> completed(group, flush, channelName, prepared.template(),
                error != null ? ExternalSystemResult.failure(error) : result));
    }

    private synchronized void completed(Group group, Flush flush, String channel, String template,
                                        ExternalSystemResult result) {
        Flush.Delivery delivery = flush.deliveries().get(channel);
        delivery.inFlight = false;
        Instant now = clock.instant();
        String id = Groups.notificationId(group, flush.seq());
        int events = (int) flush.tally().events();
        String what = flush.kind().name().toLowerCase(Locale.ROOT) + " message " + flush.seq() + " of the group";
        if (result != null && result.success()) {
            groups.done(group, flush.seq(), channel, now);
            notificationLine(group, channel, id, events, DeliveryOutcome.SENT, what + ", template " + template);
            return;
        }
        ExternalSystemResult failure = result == null ? ExternalSystemResult.unavailable("no_answer", "no answer") : result;
        Rules r = rules;
        if (failure.retryable() && delivery.attempts < r.maxAttempts()) {
            Duration wait = backoff(delivery.attempts);
            if (failure.retryAfter() != null) {
                rateLimits.hold(channel, now.plus(failure.retryAfter()));
                wait = failure.retryAfter().compareTo(wait) > 0 ? failure.retryAfter() : wait;
            }
            delivery.nextAttemptAt = now.plus(wait);
            notificationLine(group, channel, id, events, DeliveryOutcome.RETRYING, what + ": attempt "
                    + delivery.attempts + " of " + r.maxAttempts() + " failed: " + failure.describe()
                    + "; next at " + delivery.nextAttemptAt);
            return;
        }
        groups.done(group, flush.seq(), channel, now);
        notificationLine(group, channel, id, events, DeliveryOutcome.FAILED, what + ": " + failure.describe()
                + (failure.retryable() ? " (gave up after " + delivery.attempts + " attempts)" : ""));
    }

    /** A notification ready for a channel, and the template that made it. */
    private record Prepared(Notification notification, String template) {
    }

    private Prepared prepare(Group group, Flush flush, String channelName, Rules r) {
        List<EventRecord> events = flush.events();
        Tally tally = flush.tally();
        List<EventRecord> shown = events.subList(0, Math.min(events.size(), r.maxItems()));
        String type = channelType(channelName);
        String eventType = tally.byType().isEmpty() ? null : tally.byType().keySet().iterator().next();
        Map<String, String> fields = new LinkedHashMap<>();
        if (tally.events() > 1) {
            fields.put("Events", Long.toString(tally.events()));
        }
        Optional.ofNullable(tally.common().get("run_name")).ifPresent(v -> fields.put("Run", v));
        Optional.ofNullable(tally.common().get("repository")).ifPresent(v -> fields.put("Repository", v));
        Optional.ofNullable(tally.common().get("branch")).ifPresent(v -> fields.put("Branch", v));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("kind", flush.kind().name());
        model.put("seq", flush.seq());
        model.put("title", title(group, flush));
        model.put("fields", fields);
        model.put("events", shown.stream().map(Notifier::model).toList());
        model.put("total", tally.events());
        model.put("shown", shown.size());
        model.put("leftOut", tally.events() - shown.size());
        model.put("groupTotal", group.keptCount());
        model.put("counts", tally.byType());
        model.put("severity", tally.highest().name());
        model.put("groupLabels", group.labels());
        model.put("channelType", type);
        Rendered rendered = templates.render(type, group.settings().template(), eventType, model);
        Notification.Builder builder = Notification.builder(rendered.title(), tally.highest())
                .id(Groups.notificationId(group, flush.seq()))
                .text(rendered.text())
                .event(eventType, tally.events() == 1 && !events.isEmpty() ? events.get(0).id() : null)
                .labels(group.labels())
                .groupKey(group.instance())
                .at(flush.at());
        rendered.fields().forEach(builder::field);
        Optional.ofNullable(tally.common().get("run")).ifPresent(run -> builder.run(new RunId(run)));
        Optional.ofNullable(tally.link()).ifPresent(link -> builder.link("Run in DTF", URI.create(link)));
        return new Prepared(builder.build(), rendered.template());
    }

    /** The default title: the event's own for one event, else what the group is about and how many of what. */
    private static String title(Group group, Flush flush) {
        Tally tally = flush.tally();
        if (tally.events() == 1 && flush.events().size() == 1 && flush.kind() != Flush.Kind.REPEAT) {
            return (flush.kind() == Flush.Kind.UPDATE ? "+1: " : "") + flush.events().get(0).title();
        }
        String about = Optional.ofNullable(tally.common().get("run_name")).orElseGet(() -> group.labels().values()
                .stream().filter(v -> !v.isEmpty()).collect(Collectors.joining(", ")));
        String counts = tally.byType().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().toLowerCase(Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining(", "));
        String prefix = switch (flush.kind()) {
            case UPDATE -> "+" + tally.events() + " ";
            case REPEAT -> "Still open: ";
            default -> "";
        };
        return prefix + (about.isEmpty() ? "" : about + ": ") + counts;
    }

    private static Map<String, Object> model(EventRecord event) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", event.id());
        model.put("type", event.type());
        model.put("severity", event.severity().name());
        model.put("at", event.at().toString());
        model.put("title", event.title());
        if (event.message() != null) {
            model.put("message", event.message());
        }
        model.put("labels", event.labels());
        model.put("tests", event.tests().stream().map(Notifier::model).toList());
        model.put("testsLeftOut", event.testsLeftOut());
        model.put("fixed", event.fixed().stream().map(Notifier::model).toList());
        if (event.link() != null) {
            model.put("link", event.link());
        }
        return model;
    }

    private static Map<String, Object> model(EventRecord.TestLine test) {
        Map<String, Object> model = new LinkedHashMap<>();
        if (test.className() != null) {
            model.put("className", test.className());
        }
        model.put("name", test.name());
        if (test.message() != null) {
            model.put("message", test.message());
        }
        model.put("firstFailure", test.firstFailure());
        return model;
    }

    private String channelType(String name) {
        return channels.all().stream().filter(info -> info.name().equals(name)).map(NotificationChannelInfo::type)
                .findFirst().orElse("default");
    }

    /** Why an event is a repeat of the same failure, or {@code null} when it is not one. */
    private static String repeatOf(EventRecord record) {
        Map<String, String> labels = record.labels();
        if ("still_failing".equals(labels.get("transition"))) {
            return "run " + labels.get("run_name") + " failed again with the same failed tests as its previous run";
        }
        if ("false".equals(labels.get("first_failure"))) {
            return "its " + record.tests().size() + " failed tests failed the time before too";
        }
        return null;
    }

    private static String groupKey(Route route, Map<String, String> labels) {
        return route.id() + route.settings().groupBy().stream()
                .map(name -> name + "=\"" + labels.getOrDefault(name, "") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static Duration backoff(int attempts) {
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String describe(Silence silence) {
        return "silence " + silence.id() + " (" + silence.matchers().stream().map(Object::toString)
                .collect(Collectors.joining(", ")) + ") until " + silence.endsAt()
                + (silence.createdBy().isEmpty() ? "" : " by " + silence.createdBy())
                + (silence.comment().isEmpty() ? "" : ": " + silence.comment());
    }

    private void eventLine(EventRecord event, DeliveryOutcome outcome, String route, String groupKey, String reason) {
        log.add(new Delivery(clock.instant(), outcome, event.id(), event.type(), event.labels().get("run"), route,
                groupKey, null, null, 1, reason));
    }

    private void notificationLine(Group group, String channel, String id, int events, DeliveryOutcome outcome,
                                  String reason) {
        log.add(new Delivery(clock.instant(), outcome, null, null, group.labels().get("run"), group.route(),
                group.key(), channel, id, events, reason));
    }

    // ---- NotificationLog

    @Override
    public List<Delivery> recent(int limit) {
        return log.recent(limit);
    }

    @Override
    public Map<DeliveryOutcome, Long> counters() {
        return log.counters();
    }

    @Override
    public Map<String, Map<DeliveryOutcome, Long>> countersByChannel() {
        return log.countersByChannel();
    }

    @Override
    public long eventsSent() {
        return log.eventsSent();
    }

    @Override
    public synchronized Map<String, Integer> pendingGroups() {
        Map<String, Integer> pending = new LinkedHashMap<>();
        for (Group group : groups.all()) {
            long unsent = group.waitingCount() + group.unfinished().stream().mapToLong(f -> f.tally().events()).sum();
            if (unsent > 0) {
                pending.put(group.key(), (int) Math.min(Integer.MAX_VALUE, unsent));
            }
        }
        return pending;
    }

    @Override
    public String routingStatus() {
        return routingStatus;
    }

    /** Closes the journals (they stay for the next start). */
    public synchronized void close() {
        groups.shutdown();
    }
}
