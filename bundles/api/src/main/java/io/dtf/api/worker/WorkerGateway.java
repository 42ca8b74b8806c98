package io.dtf.api.worker;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The coordinator as a worker sees it. The embedded worker calls the coordinator's service
 * directly; a remote worker calls the same operations over HTTP. Every report names the attempt it
 * is about and is refused with {@link io.dtf.api.ErrorCode#STALE_ATTEMPT} when that attempt is no
 * longer current.
 */
@ProviderType
public interface WorkerGateway {

    /** Registers the worker, or updates it when it registers again after a reconnect. */
    void register(WorkerInfo worker);

    /**
     * Long poll: first takes the worker's {@code reports} (as {@link #report} does), then renews the
     * leases of the attempts the worker still runs, and waits up to {@code maxWait} for work for its
     * free slots or for attempts it must cancel. Answers as soon as there is either. A reported end
     * frees its slot for the poll in flight, so a busy worker keeps one poll open and reports what
     * ends meanwhile with {@link #report}. The coordinator answers within half its lease time-out
     * whatever {@code maxWait} says, so that polling keeps the leases alive.
     *
     * @param worker the polling worker
     * @param reports what started and ended since the worker last reported; refused ones are listed
     *     in {@link PollResult#refused()}
     * @param freeSlots how many new tasks it can take now (0 while busy: the poll then only renews
     *     leases and waits for cancellations)
     * @param running the attempts it runs now
     * @param maxWait how long to wait for something to answer
     */
    PollResult poll(WorkerId worker, WorkerReports reports, int freeSlots, List<TaskAttempt> running,
                    Duration maxWait) throws InterruptedException;

    /** A poll without reports. */
    default PollResult poll(WorkerId worker, int freeSlots, List<TaskAttempt> running, Duration maxWait)
            throws InterruptedException {
        return poll(worker, WorkerReports.NONE, freeSlots, running, maxWait);
    }

    /**
     * Reports without polling: attempts the worker started, and attempts that ended with their
     * results, all stored together. Each report is fenced on its own.
     *
     * @return the attempts whose reports were refused because they are no longer this worker's
     *     (cancelled, lost or timed out meanwhile); the rest were taken
     */
    List<TaskAttempt> report(WorkerId worker, WorkerReports reports);

    /**
     * Reports, and takes new tasks for the worker's free slots in the same answer: a worker whose
     * slots were all busy (its poll in flight said so) reports the end that frees a slot this way and
     * gets its next task without a poll of its own, one request and no wait for each short task. The
     * coordinator waits only for its own next decision, never for new work: work that comes later
     * goes to the poll in flight. Cancellations still come with polls.
     *
     * @param freeSlots how many new tasks the worker can take now; 0 reports only
     * @return the refused reports, as {@link #report(WorkerId, WorkerReports)} gives them, and at
     *     most {@code freeSlots} leases
     */
    default PollResult report(WorkerId worker, WorkerReports reports, int freeSlots) {
        return new PollResult(List.of(), List.of(), report(worker, reports));
    }

    /** The worker started the attempt's process; {@link io.dtf.api.ErrorCode#STALE_ATTEMPT} if it is no longer its own. */
    default void started(WorkerId worker, TaskAttempt attempt) {
        refuseIfStale(worker, attempt, report(worker, WorkerReports.started(attempt)));
    }

    /**
     * More of the attempt's log, in order. A worker on another machine streams its log this way so
     * that the coordinator keeps it; the embedded worker writes the coordinator's log file itself.
     */
    void appendLog(WorkerId worker, TaskAttempt attempt, String text);

    /**
     * More of the attempt's log, starting at byte {@code offset} of it (UTF-8). A chunk that comes
     * again (a request retried after its answer was lost) adds only what the coordinator does not
     * have yet, so every line is kept once; this makes the call safe to retry.
     */
    default void appendLog(WorkerId worker, TaskAttempt attempt, long offset, String text) {
        appendLog(worker, attempt, text);
    }

    /** The attempt finished with this result (any terminal status); {@link io.dtf.api.ErrorCode#STALE_ATTEMPT} if it is no longer its own. */
    default void completed(WorkerId worker, TaskAttempt attempt, TaskResult result) {
        refuseIfStale(worker, attempt, report(worker, WorkerReports.completed(attempt, result)));
    }

    /** The worker stops taking tasks, finishes what it runs, then goes away. */
    void draining(WorkerId worker);

    /** The worker leaves; attempts it still holds are queued again at once. */
    void unregister(WorkerId worker);

    /** The error of a report about an attempt that is no longer the worker's. */
    static DtfException refused(WorkerId worker, TaskAttempt attempt) {
        return new DtfException(ErrorCode.STALE_ATTEMPT,
                "attempt " + attempt + " is no longer current on worker " + worker + "; its report was refused");
    }

    private static void refuseIfStale(WorkerId worker, TaskAttempt attempt, List<TaskAttempt> refused) {
        if (refused.contains(attempt)) {
            throw refused(worker, attempt);
        }
    }
}
