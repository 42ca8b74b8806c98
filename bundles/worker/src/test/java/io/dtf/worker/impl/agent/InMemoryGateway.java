package io.dtf.worker.impl.agent;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.worker.impl.TestTasks;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A coordinator in memory for worker tests: a queue of leases, cancellations, and what the worker
 * reported. A poll answers at once when it has something for the worker, else waits like a real long poll.
 */
public final class InMemoryGateway implements WorkerGateway {
    private final Deque<Lease> queue = new ArrayDeque<>();
    private final Set<TaskAttempt> toCancel = new LinkedHashSet<>();
    private final Set<TaskAttempt> stale = new HashSet<>();
    private final Set<TaskAttempt> staleAtCompletion = new HashSet<>();
    private final Map<TaskAttempt, TaskResult> results = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Set<TaskAttempt> running = new HashSet<>();
    private WorkerInfo registered;
    private Consumer<WorkerInfo> onRegister = info -> { };
    private int pollsToFail;
    private Error pollError;
    private boolean forgetWorker;
    private boolean draining;
    private int maxRunning;
    private int maxHeld;
    private int completions;
    private int leasesByReports;
    private int leased;
    private int maxOutstanding;
    /** The leases handed out, for the attempts handed back. */
    private final Map<TaskAttempt, Lease> leases = new HashMap<>();

    // ---- set up by the test

    public synchronized void submit(Task task) {
        queue.addLast(TestTasks.lease(task));
        notifyAll();
    }

    public synchronized void cancel(TaskAttempt attempt) {
        toCancel.add(attempt);
        notifyAll();
    }

    /** started/completed of this attempt are refused with STALE_ATTEMPT. */
    public synchronized void makeStale(TaskAttempt attempt) {
        stale.add(attempt);
    }

    /** completed of this attempt is refused with STALE_ATTEMPT, as when its lease expired while it ran. */
    public synchronized void makeStaleAtCompletion(TaskAttempt attempt) {
        staleAtCompletion.add(attempt);
    }

    /** Runs {@code action} at each registration, before it is taken. */
    public synchronized void onRegister(Consumer<WorkerInfo> action) {
        onRegister = action;
    }

    /** The next polls throw. */
    public synchronized void failPolls(int count) {
        pollsToFail = count;
    }

    /** The next polls throw this error (as a call whose classes a bundle update took away does). */
    public synchronized void failPollsWith(Error error, int count) {
        pollError = error;
        pollsToFail = count;
    }

    /** The next poll answers NOT_FOUND, as a coordinator that restarted. */
    public synchronized void forgetWorker() {
        forgetWorker = true;
    }

    // ---- what the worker did

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized WorkerInfo registered() {
        return registered;
    }

    /** The most attempts between started and completed at one time. */
    public synchronized int maxRunning() {
        return maxRunning;
    }

    /** The most attempts a poll said the worker held, plus the slots it asked work for. */
    public synchronized int maxHeld() {
        return maxHeld;
    }

    public synchronized int completions() {
        return completions;
    }

    /** The most attempts leased to the worker and not yet reported ended, at one time. */
    public synchronized int maxOutstanding() {
        return maxOutstanding;
    }

    /** Leases handed over in the answers to reports rather than to polls. */
    public synchronized int leasesByReports() {
        return leasesByReports;
    }

    public synchronized int queued() {
        return queue.size();
    }

    public synchronized boolean isStarted(TaskAttempt attempt) {
        return running.contains(attempt) || results.containsKey(attempt);
    }

    public synchronized TaskResult result(TaskAttempt attempt) {
        return results.get(attempt);
    }

    /** Waits for the result of an attempt. */
    public synchronized TaskResult awaitResult(TaskAttempt attempt, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!results.containsKey(attempt)) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("no result for " + attempt + " within " + max + "; calls " + calls);
            }
            wait(left);
        }
        return results.get(attempt);
    }

    // ---- WorkerGateway

    @Override
    public synchronized void register(WorkerInfo worker) {
        onRegister.accept(worker);
        calls.add("register");
        registered = worker;
    }

    @Override
    public synchronized PollResult poll(WorkerId worker, WorkerReports reports, int freeSlots, List<TaskAttempt> held,
                                        Duration maxWait) throws InterruptedException {
        List<TaskAttempt> refused = report(worker, reports);
        calls.add("poll " + freeSlots);
        maxHeld = Math.max(maxHeld, held.size() + freeSlots);
        if (forgetWorker) {
            forgetWorker = false;
            throw new DtfException(ErrorCode.NOT_FOUND, "worker '" + worker + "' does not exist");
        }
        if (pollsToFail > 0) {
            pollsToFail--;
            if (pollError != null) {
                throw pollError;
            }
            throw new IllegalStateException("coordinator unreachable");
        }
        long end = System.nanoTime() + maxWait.toNanos();
        int completionsBefore = completions;
        int byReportsBefore = leasesByReports;
        while (true) {
            List<TaskAttempt> cancel = toCancel.stream().filter(held::contains).toList();
            // like the coordinator: a completion frees its slot for the poll in flight, unless the
            // report of that completion took new work for it
            int free = freeSlots + completions - completionsBefore - (leasesByReports - byReportsBefore);
            // like the coordinator, no new work for a draining worker, even on a poll that began before
            boolean offer = free > 0 && !draining && !queue.isEmpty();
            if (!cancel.isEmpty() || offer) {
                toCancel.removeAll(cancel);
                List<Lease> leases = new ArrayList<>();
                while (offer && leases.size() < free && !queue.isEmpty()) {
                    leases.add(queue.removeFirst());
                }
                handedOut(leases);
                return new PollResult(leases, cancel, refused);
            }
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return new PollResult(List.of(), List.of(), refused);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                // like the coordinator: the reports were taken, so the answer says what became of them
                Thread.currentThread().interrupt();
                return new PollResult(List.of(), List.of(), refused);
            }
        }
    }

    /**
     * Like the coordinator: starts and ends in one go, those of stale attempts refused; an attempt
     * handed back goes to the front of the queue, as its task again.
     */
    @Override
    public synchronized List<TaskAttempt> report(WorkerId worker, WorkerReports reports) {
        List<TaskAttempt> refused = new ArrayList<>();
        for (TaskAttempt attempt : reports.returned()) {
            calls.add("returned " + attempt);
            Lease lease = leases.remove(attempt);
            if (lease != null) {
                queue.addFirst(lease);
            }
        }
        for (TaskAttempt attempt : reports.started()) {
            calls.add("started " + attempt);
            if (stale.contains(attempt)) {
                refused.add(attempt);
                continue;
            }
            running.add(attempt);
            maxRunning = Math.max(maxRunning, running.size());
        }
        for (AttemptResult ended : reports.completed()) {
            TaskAttempt attempt = ended.attempt();
            calls.add("completed " + attempt);
            completions++;
            running.remove(attempt);
            if (stale.contains(attempt) || staleAtCompletion.contains(attempt)) {
                refused.add(attempt);
            } else {
                results.put(attempt, ended.result());
            }
        }
        notifyAll();
        return refused;
    }

    /** Like the coordinator: takes the reports, then answers with queued leases for the free slots named. */
    @Override
    public synchronized PollResult report(WorkerId worker, WorkerReports reports, int freeSlots) {
        List<TaskAttempt> refused = report(worker, reports);
        calls.add("reports " + freeSlots);
        List<Lease> leases = new ArrayList<>();
        while (!draining && leases.size() < freeSlots && !queue.isEmpty()) {
            leases.add(queue.removeFirst());
        }
        leasesByReports += leases.size();
        handedOut(leases);
        return new PollResult(leases, List.of(), refused);
    }

    private void handedOut(List<Lease> handed) {
        handed.forEach(l -> leases.put(l.attempt(), l));
        leased += handed.size();
        maxOutstanding = Math.max(maxOutstanding, leased - completions);
    }

    @Override
    public synchronized void appendLog(WorkerId worker, TaskAttempt attempt, String text) {
        calls.add("log " + attempt);
    }

    @Override
    public synchronized void draining(WorkerId worker) {
        calls.add("draining");
        draining = true;
    }

    @Override
    public synchronized void unregister(WorkerId worker) {
        calls.add("unregister");
    }
}
