package io.dtf.http.testing;

import io.dtf.http.HttpTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Time for tests of code that uses {@code JsonHttpClient}: a clock that moves only when told, and every
 * wait the client asks for recorded, so that a test asserts the exact wait a rate limit or a
 * {@code Retry-After} caused without waiting for it. By default a wait passes at once (the clock moves
 * on by it); {@link #holdWaits()} keeps waits pending until {@link #advance} passes them, to test what
 * happens during one (a cancellation, another call). Thread-safe.
 */
public final class ManualHttpTime implements HttpTime {
    private record Pending(Instant due, CompletableFuture<Void> done) {
    }

    private Instant now;
    private boolean hold;
    private final List<Duration> waits = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();

    public ManualHttpTime(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized CompletableFuture<Void> after(Duration wait) {
        waits.add(wait);
        if (!hold) {
            now = now.plus(wait);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(new Pending(now.plus(wait), done));
        notifyAll();
        return done;
    }

    /** From now on, waits stay pending until {@link #advance} passes them. */
    public synchronized ManualHttpTime holdWaits() {
        hold = true;
        return this;
    }

    /** Moves the clock on, ending the pending waits that are due. */
    public void advance(Duration by) {
        List<CompletableFuture<Void>> due = new ArrayList<>();
        synchronized (this) {
            now = now.plus(by);
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (!p.due().isAfter(now)) {
                    due.add(p.done());
                    it.remove();
                }
            }
        }
        due.forEach(d -> d.complete(null));
    }

    /** Every wait asked for, in order. */
    public synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }

    /** The waits still pending (held), cancelled ones included until they are passed. */
    public synchronized List<CompletableFuture<Void>> pendingWaits() {
        return pending.stream().map(Pending::done).toList();
    }

    /** Waits up to {@code timeout} (real time) until a wait is pending; returns it. */
    public synchronized CompletableFuture<Void> awaitPendingWait(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no wait pending within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return pending.get(pending.size() - 1).done();
    }
}
