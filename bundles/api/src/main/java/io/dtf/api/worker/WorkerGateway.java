package io.dtf.api.worker;

import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import java.time.Duration;
import java.util.List;

/**
 * The coordinator as a worker sees it. The embedded worker calls the coordinator's service
 * directly; a remote worker calls the same operations over HTTP. Every report names the attempt it
 * is about and is refused with {@link io.dtf.api.ErrorCode#STALE_ATTEMPT} when that attempt is no
 * longer current.
 */
public interface WorkerGateway {

    /** Registers the worker, or updates it when it registers again after a reconnect. */
    void register(WorkerInfo worker);

    /**
     * Long poll: renews the leases of the attempts the worker still runs, and waits up to
     * {@code maxWait} for work for its free slots or for attempts it must cancel. Answers as soon as
     * there is either. A {@link #completed} report frees its slot for the poll in flight, so a busy
     * worker keeps one poll open and need not interrupt it. The coordinator answers within half its
     * lease time-out whatever {@code maxWait} says, so that polling keeps the leases alive.
     *
     * @param worker the polling worker
     * @param freeSlots how many new tasks it can take now (0 while busy: the poll then only renews
     *     leases and waits for cancellations)
     * @param running the attempts it runs now
     * @param maxWait how long to wait for something to answer
     */
    PollResult poll(WorkerId worker, int freeSlots, List<TaskAttempt> running, Duration maxWait)
            throws InterruptedException;

    /** The worker started the attempt's process. */
    void started(WorkerId worker, TaskAttempt attempt);

    /**
     * More of the attempt's log, in order. A worker on another machine streams its log this way so
     * that the coordinator keeps it; the embedded worker writes the coordinator's log file itself.
     */
    void appendLog(WorkerId worker, TaskAttempt attempt, String text);

    /** The attempt finished with this result (any terminal status). */
    void completed(WorkerId worker, TaskAttempt attempt, TaskResult result);

    /** The worker stops taking tasks, finishes what it runs, then goes away. */
    void draining(WorkerId worker);

    /** The worker leaves; attempts it still holds are queued again at once. */
    void unregister(WorkerId worker);
}
