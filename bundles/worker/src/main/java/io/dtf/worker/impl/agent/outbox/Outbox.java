package io.dtf.worker.impl.agent.outbox;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.WorkerReports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Reports not yet taken by the coordinator, in order: starts, ends and attempts handed back. A poll takes
 * them along; while a poll waits, the {@link Reporter} sends them, so that a report never waits for the
 * poll's answer. Not thread-safe: guarded by the agent's lock, whose holder notifies it when a report is
 * queued.
 */
public final class Outbox {
    /**
     * How long a report may wait for company. A task that ends sooner reports its start with its end,
     * one request for both (the coordinator then dates the start from the duration); the ends of tasks
     * held ahead of the slots travel together, while the worker has enough work in hand.
     */
    public static final Duration REPORT_DELAY = Duration.ofMillis(20);
    /** Reports in one request at most (the REST API takes 1,000). */
    static final int MAX_REPORTS_PER_REQUEST = 500;

    private final LongSupplier nanoTime;
    private final List<TaskAttempt> started = new ArrayList<>();
    /** When the oldest start in the outbox was queued ({@link System#nanoTime()}). */
    private long oldestStartQueuedAt;
    private final List<AttemptResult> completed = new ArrayList<>();
    /** When the oldest end in the outbox was queued ({@link System#nanoTime()}). */
    private long oldestEndQueuedAt;
    /** Leased attempts handed back unstarted. */
    private final List<TaskAttempt> returned = new ArrayList<>();

    public Outbox() {
        this(System::nanoTime);
    }

    /** An outbox on this clock ({@link System#nanoTime()}); visible for testing. */
    Outbox(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    public boolean isEmpty() {
        return started.isEmpty() && completed.isEmpty() && returned.isEmpty();
    }

    /** Queues a start. */
    public void started(TaskAttempt attempt) {
        if (started.isEmpty()) {
            oldestStartQueuedAt = nanoTime.getAsLong();
        }
        started.add(attempt);
    }

    /** Queues an end. */
    public void ended(AttemptResult result) {
        if (completed.isEmpty()) {
            oldestEndQueuedAt = nanoTime.getAsLong();
        }
        completed.add(result);
    }

    /** Queues an attempt handed back unstarted: sent at once. */
    public void returned(TaskAttempt attempt) {
        returned.add(attempt);
    }

    /**
     * How long until the reporter should send: 0 now, a positive number of nanoseconds while what is
     * queued may wait for company, or -1 when nothing is queued. An end is sent at once when the worker
     * runs {@code shortOfWork}, else within {@link #REPORT_DELAY}, as a start is; a hand-back at once.
     */
    public long untilDue(BooleanSupplier shortOfWork) {
        if (!returned.isEmpty()) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        long due = -1;
        if (!completed.isEmpty()) {
            if (shortOfWork.getAsBoolean()) {
                return 0;
            }
            due = Math.max(0, REPORT_DELAY.toNanos() - (now - oldestEndQueuedAt));
        }
        if (!started.isEmpty()) {
            long startDue = Math.max(0, REPORT_DELAY.toNanos() - (now - oldestStartQueuedAt));
            due = due < 0 ? startDue : Math.min(due, startDue);
        }
        return due;
    }

    /** Takes up to {@link #MAX_REPORTS_PER_REQUEST} reports out of the outbox. */
    public WorkerReports take() {
        if (isEmpty()) {
            return WorkerReports.NONE;
        }
        List<TaskAttempt> back = take(returned, MAX_REPORTS_PER_REQUEST);
        List<AttemptResult> ended = take(completed, MAX_REPORTS_PER_REQUEST - back.size());
        // a start whose end is in the same batch goes too: the store then records both in one commit
        List<TaskAttempt> begun = take(started, MAX_REPORTS_PER_REQUEST - back.size() - ended.size());
        // those left wait no longer than the delay from now
        oldestStartQueuedAt = nanoTime.getAsLong();
        oldestEndQueuedAt = oldestStartQueuedAt;
        return new WorkerReports(begun, ended, back);
    }

    private static <T> List<T> take(List<T> outbox, int max) {
        List<T> taken = new ArrayList<>(outbox.subList(0, Math.min(max, outbox.size())));
        outbox.subList(0, taken.size()).clear();
        return taken;
    }

    /** Reports that were not delivered go back to the front, due at once. */
    public void putBack(WorkerReports reports) {
        if (reports.isEmpty()) {
            return;
        }
        if (started.isEmpty()) {
            oldestStartQueuedAt = nanoTime.getAsLong() - REPORT_DELAY.toNanos();
        }
        if (completed.isEmpty()) {
            oldestEndQueuedAt = nanoTime.getAsLong() - REPORT_DELAY.toNanos();
        }
        started.addAll(0, reports.started());
        completed.addAll(0, reports.completed());
        returned.addAll(0, reports.returned());
    }
}
