package io.dtf.coordinator.impl.protocol;

import io.dtf.api.store.Transition;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import io.dtf.coordinator.impl.engine.EngineState;
import io.dtf.coordinator.impl.leases.OnWorker;
import io.dtf.coordinator.impl.leases.WorkerSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attempts a worker hands back unstarted (it held them ahead of its slots and its running tasks
 * turned out long, or it drains): they are queued again as if they had never been leased.
 */
final class HandBack {
    private static final Logger LOG = LoggerFactory.getLogger(HandBack.class);

    private final EngineState state;

    HandBack(EngineState state) {
        this.state = state;
    }

    /**
     * Queues again the tasks of attempts the worker hands back unstarted, as if they had never been
     * leased (no attempt spent); returns those it cannot take back: no longer the worker's, or started.
     */
    List<TaskAttempt> release(WorkerId id, List<TaskAttempt> attempts) {
        if (attempts.isEmpty()) {
            return List.of();
        }
        List<TaskAttempt> refused = new ArrayList<>();
        state.lock().lock();
        try {
            List<OnWorker> releasing = new ArrayList<>();
            List<Transition> transitions = new ArrayList<>();
            Instant now = state.clock().instant();
            for (TaskAttempt attempt : attempts) {
                OnWorker onWorker = state.leases().owned(id, attempt);
                if (onWorker == null || onWorker.startedAt != null) {
                    refused.add(attempt);
                } else {
                    releasing.add(onWorker);
                    transitions.add(Transition.release(attempt, now));
                }
            }
            boolean[] applied = transitions.isEmpty() ? new boolean[0]
                    : state.writes().writeAfterDeferredStarts(transitions);
            for (int i = 0; i < applied.length; i++) {
                OnWorker onWorker = releasing.get(i);
                if (!applied[i]) {
                    refused.add(onWorker.attempt());
                    continue;
                }
                state.leases().takeBack(onWorker, false);
                state.runs().counted(onWorker.task, TaskState.QUEUED, null);
                // as the store now has it, as a retry is queued again (ended): no read under the lock
                state.enqueue(onWorker.task.withState(TaskState.QUEUED, onWorker.task.attempt() - 1, null));
            }
            if (applied.length > 0) {
                countLongRunning(id, now);
                state.requestDispatch();
            }
        } finally {
            state.lock().unlock();
        }
        LOG.info("Worker {} handed back {} unstarted attempts{}", id, attempts.size() - refused.size(),
                refused.isEmpty() ? "" : "; refused (no longer its own, or started): " + refused);
        return refused;
    }

    /**
     * A worker hands tasks back when the ones it runs take long: those count in their runs' averages
     * now, as if they had ended, so that their runs' tasks wait for free slots until short ends bring
     * the averages down again. Called with the lock held.
     */
    private void countLongRunning(WorkerId id, Instant now) {
        WorkerSlot worker = state.leases().worker(id);
        if (worker == null) {
            return;
        }
        for (TaskId held : worker.held) {
            OnWorker onWorker = state.leases().attempt(held);
            if (onWorker != null && onWorker.startedAt != null) {
                state.runs().stillRunning(onWorker.task.runId(), Duration.between(onWorker.startedAt, now).toMillis());
            }
        }
    }
}
