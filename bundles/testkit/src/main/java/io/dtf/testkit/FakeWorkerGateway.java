package io.dtf.testkit;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WorkerGateway} for tests of code that works as a worker or hands a worker's calls on to the coordinator
 * (a protocol endpoint, a bridge to another system). It leases what the test {@link #offer offers}, refuses the
 * reports about attempts the test made {@link #stale}, and records every call in {@link #calls()}.
 *
 * <ul>
 *   <li>A worker registers first: its other calls are {@code NOT_FOUND} while it is not registered (before it
 *   registers, after it unregistered), as the coordinator's are; unregistering twice is harmless.</li>
 *   <li>A report about a stale attempt (started, completed or handed back) is refused, as the coordinator refuses
 *   one about an attempt that is no longer the worker's (cancelled, timed out, leased again); the others are
 *   taken. A log chunk of a stale attempt is refused with {@code STALE_ATTEMPT}.</li>
 *   <li>A poll first takes its reports, then answers with offered leases for its free slots, in the order offered,
 *   as soon as there is one, or with none once {@code maxWait} has passed. A report with free slots answers with
 *   the leases offered by then, without waiting.</li>
 * </ul>
 *
 * {@link #calls()} has one line per call, and per taken report, in the order they came: {@code register <worker>};
 * {@code started <worker> <attempt>}, {@code completed <worker> <attempt> <status>} (followed by
 * {@code log <end of the log>} when the report carries one) and {@code returned <worker> <attempt>}, for the
 * reports of any call; then {@code poll <worker> <free slots> <running attempts> <max wait>} for a poll or
 * {@code reports <worker> with <free slots> free} for a report that takes new tasks;
 * {@code log <worker> <attempt> <text>}, or {@code log <worker> <attempt> @<offset> <text>} for a chunk sent with
 * its offset; {@code draining <worker>}; {@code unregister <worker>}. Attempts read {@code r1.2#1}, a wait
 * {@code PT30S}:
 *
 * <pre>{@code
 * Task build = TaskBuilder.task().id("r1.1").build();
 * FakeWorkerGateway gateway = new FakeWorkerGateway()
 *         .offer(new Lease(new TaskAttempt(build.id(), 1), build, Instant.now().plusSeconds(30)));
 * ... // the code under test registers as w1, polls, runs r1.1 and reports it
 * assertTrue(gateway.calls().contains("completed w1 r1.1#1 PASSED"), gateway.calls().toString());
 * }</pre>
 *
 * Thread safe: a poll that waits does not hold off the other calls.
 */
public final class FakeWorkerGateway implements WorkerGateway {
    private final Map<WorkerId, WorkerInfo> workers = new LinkedHashMap<>();
    private final Deque<Lease> offered = new ArrayDeque<>();
    private final Set<TaskAttempt> stale = new HashSet<>();
    private final List<String> calls = new ArrayList<>();

    /** Leases for the next polls, or reports with free slots, of any worker; a waiting poll answers at once. */
    public synchronized FakeWorkerGateway offer(Lease... leases) {
        offered.addAll(List.of(leases));
        notifyAll();
        return this;
    }

    /** Attempts that are no longer their workers': reports about them are refused. */
    public synchronized FakeWorkerGateway stale(TaskAttempt... attempts) {
        stale.addAll(List.of(attempts));
        return this;
    }

    /** The calls and taken reports, in order, one line each as the class describes them. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The worker as it last registered; empty when it never did or has unregistered. */
    public synchronized Optional<WorkerInfo> worker(WorkerId id) {
        return Optional.ofNullable(workers.get(id));
    }

    @Override
    public synchronized void register(WorkerInfo worker) {
        calls.add("register " + worker.id());
        workers.put(worker.id(), worker);
    }

    @Override
    public synchronized PollResult poll(WorkerId worker, WorkerReports reports, int freeSlots,
                                        List<TaskAttempt> running, Duration maxWait) throws InterruptedException {
        List<TaskAttempt> refused = report(worker, reports);
        calls.add("poll " + worker + " " + freeSlots + " " + running + " " + maxWait);
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (freeSlots == 0 || offered.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left); // offer() wakes it up
        }
        return new PollResult(lease(freeSlots), List.of(), refused);
    }

    @Override
    public synchronized List<TaskAttempt> report(WorkerId worker, WorkerReports reports) {
        registered(worker);
        List<TaskAttempt> refused = new ArrayList<>();
        for (TaskAttempt attempt : reports.started()) {
            take(attempt, "started " + worker + " " + attempt, refused);
        }
        for (AttemptResult ended : reports.completed()) {
            take(ended.attempt(), "completed " + worker + " " + ended.attempt() + " "
                    + ended.result().status() + (ended.logEnd() == null ? "" : " log " + ended.logEnd()), refused);
        }
        for (TaskAttempt attempt : reports.returned()) {
            take(attempt, "returned " + worker + " " + attempt, refused);
        }
        return refused;
    }

    @Override
    public synchronized PollResult report(WorkerId worker, WorkerReports reports, int freeSlots) {
        List<TaskAttempt> refused = report(worker, reports);
        calls.add("reports " + worker + " with " + freeSlots + " free");
        return new PollResult(lease(freeSlots), List.of(), refused);
    }

    @Override
    public synchronized void appendLog(WorkerId worker, TaskAttempt attempt, String text) {
        ownAttempt(worker, attempt);
        calls.add("log " + worker + " " + attempt + " " + text);
    }

    @Override
    public synchronized void appendLog(WorkerId worker, TaskAttempt attempt, long offset, String text) {
        ownAttempt(worker, attempt);
        calls.add("log " + worker + " " + attempt + " @" + offset + " " + text);
    }

    @Override
    public synchronized void draining(WorkerId worker) {
        registered(worker);
        calls.add("draining " + worker);
    }

    @Override
    public synchronized void unregister(WorkerId worker) {
        calls.add("unregister " + worker);
        workers.remove(worker);
    }

    private void registered(WorkerId worker) {
        if (!workers.containsKey(worker)) {
            throw new DtfException(ErrorCode.NOT_FOUND, "worker '" + worker + "' is not registered; register it first");
        }
    }

    private void ownAttempt(WorkerId worker, TaskAttempt attempt) {
        registered(worker);
        if (stale.contains(attempt)) {
            throw WorkerGateway.refused(worker, attempt);
        }
    }

    private void take(TaskAttempt attempt, String call, List<TaskAttempt> refused) {
        if (stale.contains(attempt)) {
            refused.add(attempt);
        } else {
            calls.add(call);
        }
    }

    private List<Lease> lease(int freeSlots) {
        List<Lease> leases = new ArrayList<>();
        while (leases.size() < freeSlots && !offered.isEmpty()) {
            leases.add(offered.remove());
        }
        return leases;
    }
}
