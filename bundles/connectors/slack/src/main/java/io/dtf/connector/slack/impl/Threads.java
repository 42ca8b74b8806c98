package io.dtf.connector.slack.impl;

import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The thread of each notification group: the first notification of a {@code groupKey} is posted as a message, the
 * ones after it as replies in that message's thread ({@code thread_ts}, "Threading messages", documented with
 * chat.postMessage). A follow-up sent while the first is still on its way waits for it, so that a group never starts
 * two threads; when the first fails, the next one starts the thread instead. The first sent again (a retry of a
 * delivery that reached Slack) is answered with the message it made, not posted in its own thread.
 *
 * <p>Bounded: the least recently used group is forgotten beyond {@code capacity}; its next follow-up starts a new
 * thread. Forgotten too at a restart: the thread is a convenience, never a reason to hold a message back.
 */
final class Threads {
    /** A group's thread: the first message, and the notification that made it. */
    record Thread(ExternalItem root, String rootNotification) {
        String channel() {
            return (String) root.fields().get("channel");
        }

        String ts() {
            return root.id();
        }
    }

    private final Map<String, CompletableFuture<Thread>> byGroup;

    Threads(int capacity) {
        this.byGroup = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Thread>> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * Sends a notification of a group.
     *
     * @param post posts the message: as a reply in the thread it is given, or as a new message given {@code null}
     */
    CompletableFuture<ExternalSystemResult> send(String groupKey, String notificationId,
                                                 Function<Thread, CompletableFuture<ExternalSystemResult>> post) {
        CompletableFuture<Thread> mine = new CompletableFuture<>();
        CompletableFuture<Thread> first = byGroup.putIfAbsent(groupKey, mine);
        if (first == null) {
            return post.apply(null).whenComplete((result, failure) -> {
                if (result != null && result.success() && result.item().isPresent()) {
                    mine.complete(new Thread(result.item().get(), notificationId));
                } else {
                    byGroup.remove(groupKey, mine);
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
            return post.apply(thread);
        });
    }

    /** How many groups are remembered. */
    int size() {
        return byGroup.size();
    }
}
