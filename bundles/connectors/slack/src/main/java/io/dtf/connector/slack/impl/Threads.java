package io.dtf.connector.slack.impl;

import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The thread of each notification group: the first notification of a {@code groupKey} is posted as a message, the
 * ones after it as replies in that message's thread ({@code thread_ts}, "Threading messages", documented with
 * chat.postMessage). A follow-up sent while the first is still on its way waits for it, so that a group never starts
 * two threads; when the first fails, the next one starts the thread instead. The first sent again (a retry of a
 * delivery that reached Slack) is answered with the message it made, not posted in its own thread.
 *
 * <p>Bounded: the least recently used group is forgotten beyond {@code capacity}, and a thread is continued for
 * {@code maxAge} after its first message; after that, the group's next follow-up starts a new thread. The threads are
 * kept in a {@link ThreadFile} each time one starts, so that a restart continues them.
 */
final class Threads {
    /** A group's thread: the first message, the notification that made it, and when. */
    record Thread(ExternalItem root, String rootNotification, Instant startedAt) {
        String channel() {
            return (String) root.fields().get("channel");
        }

        String ts() {
            return root.id();
        }
    }

    private final Map<String, CompletableFuture<Thread>> byGroup;
    private final Duration maxAge;
    private final Supplier<Instant> clock;
    /** Where the threads are kept; {@code null}: nowhere (a restart forgets them). */
    private final ThreadFile file;

    /**
     * @param file where the threads are kept and loaded from now; {@code null} to keep them in memory only
     */
    Threads(int capacity, Duration maxAge, Supplier<Instant> clock, ThreadFile file) {
        this.maxAge = maxAge;
        this.clock = clock;
        this.file = file;
        this.byGroup = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Thread>> eldest) {
                return size() > capacity;
            }
        };
        if (file != null) {
            for (ThreadFile.Entry kept : file.load()) {
                Thread thread = new Thread(new ExternalItem("message", kept.ts(), null, null,
                        Map.of("channel", kept.channel(), "ts", kept.ts())), kept.notification(),
                        Instant.ofEpochMilli(kept.startedAtMillis()));
                if (!expired(thread)) {
                    byGroup.put(kept.group(), CompletableFuture.completedFuture(thread));
                }
            }
        }
    }

    /**
     * Sends a notification of a group.
     *
     * @param post posts the message: as a reply in the thread it is given, or as a new message given {@code null}
     */
    CompletableFuture<ExternalSystemResult> send(String groupKey, String notificationId,
                                                 Function<Thread, CompletableFuture<ExternalSystemResult>> post) {
        CompletableFuture<Thread> mine = new CompletableFuture<>();
        CompletableFuture<Thread> first;
        synchronized (byGroup) {
            first = byGroup.putIfAbsent(groupKey, mine);
        }
        if (first == null) {
            return post.apply(null).whenComplete((result, failure) -> {
                if (result != null && result.success() && result.item().isPresent()) {
                    mine.complete(new Thread(result.item().get(), notificationId, clock.get()));
                    save();
                } else {
                    forget(groupKey, mine);
                    mine.complete(null);
                }
            });
        }
        return first.thenCompose(thread -> {
            if (thread == null) {
                return send(groupKey, notificationId, post);
            }
            if (thread.rootNotification().equals(notificationId)) {
                return CompletableFuture.completedFuture(ExternalSystemResult.ok(thread.root()));
            }
            if (expired(thread)) {
                forget(groupKey, first);
                return send(groupKey, notificationId, post);
            }
            return post.apply(thread);
        });
    }

    /** How many groups are remembered. */
    int size() {
        synchronized (byGroup) {
            return byGroup.size();
        }
    }

    private boolean expired(Thread thread) {
        return !thread.startedAt().plus(maxAge).isAfter(clock.get());
    }

    private void forget(String groupKey, CompletableFuture<Thread> thread) {
        synchronized (byGroup) {
            byGroup.remove(groupKey, thread);
        }
    }

    /** Writes the threads that started, the least recently used first; one writer at a time, the newest last. */
    private void save() {
        if (file == null) {
            return;
        }
        synchronized (file) {
            List<ThreadFile.Entry> started = new ArrayList<>();
            synchronized (byGroup) {
                byGroup.forEach((group, future) -> {
                    Thread thread = future.getNow(null);
                    if (thread != null) {
                        started.add(new ThreadFile.Entry(group, thread.rootNotification(), thread.channel(),
                                thread.ts(), thread.startedAt().toEpochMilli()));
                    }
                });
            }
            file.save(started);
        }
    }
}
