package io.dtf.testkit;

import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.NotificationChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link NotificationChannel} for tests of what sends notifications (a router, a hook): it keeps what it delivered
 * and fails when the test {@link #failNext says}, as a real channel answers: retryable
 * ({@code ExternalSystemResult.unavailable}), rate limited ({@code ExternalSystemResult.rateLimited}) or for good
 * ({@code ExternalSystemResult.rejected}). A delivered notification answers with a {@code message} item whose id is
 * the notification's. Each {@code send} is a line {@code send <notification id> <severity> <title>} of
 * {@link #calls()}, failed or not. Thread safe.
 */
public final class FakeNotificationChannel implements NotificationChannel {
    private final CallLog log = new CallLog();
    private final List<Notification> delivered = new ArrayList<>();

    /** The next sends fail with these results, one each, in order; later sends are delivered. */
    public FakeNotificationChannel failNext(ExternalSystemResult... failures) {
        log.failNext(failures);
        return this;
    }

    /** The notifications delivered, in order (a failed send delivers nothing). */
    public synchronized List<Notification> delivered() {
        return List.copyOf(delivered);
    }

    /** Every send, one line each. */
    public List<String> calls() {
        return log.calls();
    }

    @Override
    public CompletableFuture<ExternalSystemResult> send(Notification notification) {
        ExternalSystemResult failure = log.call("send " + notification.id() + " " + notification.severity() + " "
                + notification.title());
        if (failure != null) {
            return CompletableFuture.completedFuture(failure);
        }
        synchronized (this) {
            delivered.add(notification);
        }
        return CompletableFuture.completedFuture(ExternalSystemResult.ok(new ExternalItem("message", notification.id(),
                null, null, Map.of("title", notification.title()))));
    }
}
