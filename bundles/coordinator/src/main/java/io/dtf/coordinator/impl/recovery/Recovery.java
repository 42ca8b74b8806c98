package io.dtf.coordinator.impl.recovery;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import io.dtf.coordinator.impl.engine.EngineState;
import io.dtf.coordinator.impl.leases.LostAttempts;
import io.dtf.coordinator.impl.leases.OnWorker;
import io.dtf.coordinator.impl.leases.WorkerSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a coordinator restart: the queue is rebuilt from the store, and the attempts that were
 * leased or running wait for their workers to come back and say at their first poll whether they
 * still run them.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final Set<TaskState> UNFINISHED = EnumSet.of(TaskState.QUEUED, TaskState.LEASED, TaskState.RUNNING);
    /** How many of the latest passed attempts of a task key its estimate starts from. */
    private static final int DURATION_HISTORY_PER_KEY = 20;

    private final EngineState state;
    private final LostAttempts lost;

    public Recovery(EngineState state, LostAttempts lost) {
        this.state = state;
        this.lost = lost;
    }

    /**
     * Rebuilds the queue from the store: queued tasks wait again; attempts that were leased or
     * running when the coordinator stopped wait for their workers (see {@link #settle}).
     */
    public void recover() {
        state.publish(HookType.RECOVERY_STARTED, null, null, null, Severity.INFO, Map.of());
        try {
            rebuild();
        } catch (RuntimeException failure) {
            state.publish(HookType.RECOVERY_FAILED, null, null, null, Severity.CRITICAL,
                    Map.of(EventData.REASON.name(), String.valueOf(failure.getMessage())));
            throw failure;
        }
    }

    private void rebuild() {
        Map<String, Duration> history = state.store().durationHistory(DURATION_HISTORY_PER_KEY);
        List<Task> unfinished = new ArrayList<>();
        for (int offset = 0; ; offset += Page.MAX_LIMIT) {
            List<Task> page = state.store().tasks(new TaskQuery(null, UNFINISHED, null,
                    new Page(offset, Page.MAX_LIMIT)));
            unfinished.addAll(page);
            if (page.size() < Page.MAX_LIMIT) {
                break;
            }
        }
        int awaitingWorker = 0;
        int runs;
        state.lock().lock();
        try {
            state.durations().seed(history);
            Instant now = state.clock().instant();
            for (Task task : unfinished) {
                state.runs().recovered(task, id -> state.store().run(id).orElseGet(() -> new TestRun(id, id.value(),
                        null, task.tenant(), null, now, "")));
                if (task.state() == TaskState.QUEUED) {
                    state.enqueue(task);
                } else {
                    // Its worker may still run it: it keeps the attempt if it comes back within the lease
                    // time-out and says so at its first poll; otherwise the attempt is lost and runs again.
                    state.leases().recovered(task, now);
                    awaitingWorker++;
                }
            }
            runs = state.runs().size();
            state.requestDispatch();
        } finally {
            state.lock().unlock();
        }
        LOG.info("Recovered {} unfinished tasks of {} runs; {} attempts wait for their workers to come back",
                unfinished.size(), runs, awaitingWorker);
        state.publish(HookType.RECOVERY_COMPLETED, null, null, null, Severity.INFO,
                Map.of("tasks", unfinished.size(), "runs", runs, "awaitingWorker", awaitingWorker));
    }

    /**
     * At a worker's first poll after a coordinator restart: the attempts it held then and still runs
     * are its own again; those it no longer runs are lost and queued again. Called with the lock held.
     */
    public void settle(WorkerSlot worker, List<TaskAttempt> running, Instant now) {
        List<RunId> completedRuns = new ArrayList<>();
        for (TaskId id : List.copyOf(worker.held)) {
            OnWorker held = state.leases().attempt(id);
            if (held == null || !held.recovered) {
                continue;
            }
            held.recovered = false;
            if (!running.contains(held.attempt())) {
                lost.lose(held, "worker " + worker.info.id() + " no longer ran it after the coordinator restarted",
                        now, completedRuns);
            }
        }
        state.publishRunsCompleted(completedRuns);
    }
}
