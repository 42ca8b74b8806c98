package io.dtf.notify.impl.delivery;

import io.dtf.notify.api.Delivery;
import io.dtf.notify.api.DeliveryOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The latest deliveries, newest first, bounded, and counters since the start. Thread safe. */
public final class DeliveryLog {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);

    private final Deque<Delivery> recent = new ArrayDeque<>();
    private final Map<DeliveryOutcome, AtomicLong> counters = new EnumMap<>(DeliveryOutcome.class);
    private final Map<String, Map<DeliveryOutcome, AtomicLong>> byChannel = new ConcurrentHashMap<>();
    private final AtomicLong eventsSent = new AtomicLong();
    private final int capacity;

    public DeliveryLog(int capacity) {
        this.capacity = Math.max(1, capacity);
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            counters.put(outcome, new AtomicLong());
        }
    }

    public void add(Delivery delivery) {
        counters.get(delivery.outcome()).incrementAndGet();
        byChannel.computeIfAbsent(delivery.channel() == null ? "" : delivery.channel(), c -> new ConcurrentHashMap<>())
                .computeIfAbsent(delivery.outcome(), o -> new AtomicLong()).incrementAndGet();
        if (delivery.outcome() == DeliveryOutcome.SENT) {
            eventsSent.addAndGet(delivery.events());
        }
        if (delivery.outcome() == DeliveryOutcome.FAILED) {
            LOG.warn("Notification {} to {} failed: {}", delivery.notificationId() == null ? delivery.eventId()
                    : delivery.notificationId(), delivery.channel(), delivery.reason());
        }
        synchronized (recent) {
            recent.addFirst(delivery);
            if (recent.size() > capacity) {
                recent.removeLast();
            }
        }
    }

    public List<Delivery> recent(int limit) {
        synchronized (recent) {
            return new ArrayList<>(recent).subList(0, Math.min(Math.max(0, limit), recent.size()));
        }
    }

    public Map<DeliveryOutcome, Long> counters() {
        Map<DeliveryOutcome, Long> copy = new EnumMap<>(DeliveryOutcome.class);
        counters.forEach((outcome, count) -> copy.put(outcome, count.get()));
        return copy;
    }

    public Map<String, Map<DeliveryOutcome, Long>> countersByChannel() {
        Map<String, Map<DeliveryOutcome, Long>> copy = new TreeMap<>();
        byChannel.forEach((channel, counts) -> {
            Map<DeliveryOutcome, Long> outcomes = new EnumMap<>(DeliveryOutcome.class);
            counts.forEach((outcome, count) -> outcomes.put(outcome, count.get()));
            copy.put(channel, outcomes);
        });
        return copy;
    }

    public long eventsSent() {
        return eventsSent.get();
    }
}
