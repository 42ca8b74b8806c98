package io.dtf.coordinator.impl.engine;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.store.TaskStore;
import io.dtf.api.store.Transition;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.coordinator.impl.dispatch.DispatchPass;
import io.dtf.coordinator.impl.dispatch.Dispatcher;
import io.dtf.coordinator.impl.dispatch.SchedulerChoice;
import io.dtf.coordinator.impl.dispatch.WaitingReason;
import io.dtf.coordinator.impl.housekeeping.Housekeeping;
import io.dtf.coordinator.impl.leases.LostAttempts;
import io.dtf.coordinator.impl.leases.OnWorker;
import io.dtf.coordinator.impl.leases.WorkerSlot;
import io.dtf.coordinator.impl.preemption.Preemption;
import io.dtf.coordinator.impl.protocol.WorkerProtocol;
import io.dtf.coordinator.impl.recovery.Recovery;
import io.dtf.coordinator.impl.scheduling.SchedulerQueues;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the coordinator: the queue, the workers and their leases, dispatch, retries,
 * time-outs and recovery, each done by a part of its own ({@link WorkerProtocol}, {@link
 * Dispatcher} and {@link DispatchPass}, {@link Preemption}, {@link Housekeeping}, {@link
 * LostAttempts}, {@link Recovery}) over the state they share under one lock ({@link EngineState}).
 * This class builds them, runs them, and takes runs in and cancels them.
 */
public final class TaskEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private final EngineState state;
    private final Recovery recovery;
    private final Housekeeping housekeeping;
    private final Dispatcher dispatcher;
    private final WorkerProtocol protocol;

    /**
     * @param events receives every event; must not block
     * @param schedulers the scheduler of a name, or the active one for {@link SchedulerQueues#ACTIVE};
     *     {@code null} when not installed
     */
    public TaskEngine(TaskStore store, Consumer<DtfEvent> events, Function<String, SchedulerPlugin> schedulers,
                      Clock clock, EngineSettings settings) {
        this.state = new EngineState(store, events, clock, settings);
        AttemptEnds ends = new AttemptEnds(state);
        LostAttempts lost = new LostAttempts(state, ends);
        SchedulerChoice choice = new SchedulerChoice(schedulers, state.runs());
        this.recovery = new Recovery(state, lost);
        this.housekeeping = new Housekeeping(state, lost, ends);
        this.dispatcher = new Dispatcher(state, new DispatchPass(state, choice, new Preemption(state, ends)),
                housekeeping::run);
        this.protocol = new WorkerProtocol(state, lost, recovery, choice, ends);
    }

    // ---------------------------------------------------------------- life cycle

    /**
     * Rebuilds the queue from the store: queued tasks wait again; attempts that were leased or
     * running when the coordinator stopped wait for their workers to come back.
     */
    public void recover() {
        recovery.recover();
    }

    public void start() {
        state.running(true);
        dispatcher.start();
    }

    @Override
    public void close() {
        state.running(false);
        state.lock().lock();
        try {
            state.dispatch().wakeDispatcher();
            state.leases().workers().forEach(worker -> worker.wakeup.signalAll());
        } finally {
            state.lock().unlock();
        }
        dispatcher.stop();
        try {
            state.writes().flush(); // also waits for a write of starts another thread took just before
        } catch (RuntimeException failure) {
            LOG.warn("Starts of {} attempts could not be written at shutdown: {}", state.writes().waiting(),
                    failure.toString());
        }
    }

    /**
     * Applies new settings at once, keeping everything queued and on workers: a lease runs for the new
     * time-out from its next renewal, a silent worker is lost after the new one. The log folder stays.
     */
    public void reconfigure(EngineSettings settings) {
        state.lock().lock();
        try {
            state.settings(settings);
            state.requestDispatch();
        } finally {
            state.lock().unlock();
        }
    }

    // ---------------------------------------------------------------- submission and cancellation

    /** Queues the tasks of a run the store has just accepted. */
    public void accept(TestRun run, List<Task> tasks) {
        state.lock().lock();
        try {
            state.runs().accepted(run, tasks.size());
            tasks.forEach(state::enqueue);
            state.requestDispatch();
        } finally {
            state.lock().unlock();
        }
        state.publish(HookType.RUN_SUBMITTED, run.id(), null, null, Severity.INFO,
                Map.of("name", run.name(), "tenant", run.tenant(), "tasks", tasks.size()));
        for (Task task : tasks) {
            state.publish(HookType.TASK_CREATED, run.id(), task.id(), null, Severity.INFO,
                    Map.of("name", task.name(), "type", task.type()));
        }
    }

    /** Cancels the unfinished tasks among {@code ids}; returns how many were cancelled. */
    public int cancel(List<TaskId> ids, String reason) {
        List<RunId> completedRuns = new ArrayList<>();
        int cancelled = 0;
        state.lock().lock();
        try {
            Instant now = state.clock().instant();
            List<Task> targets = new ArrayList<>();
            List<Transition> transitions = new ArrayList<>();
            for (TaskId id : ids) {
                Task queued = state.queue().get(id);
                OnWorker onWorker = state.leases().attempt(id);
                if (queued != null) {
                    targets.add(queued);
                    transitions.add(Transition.cancel(queued, reason, now));
                } else if (onWorker != null) {
                    targets.add(onWorker.task); // the result says how long it ran
                    transitions.add(Transition.cancel(onWorker.task, onWorker.endedNow(TaskState.CANCELLED, reason,
                            now), now));
                }
            }
            // after the starts that wait: a task cancelled while it runs keeps when it started
            boolean[] applied = state.writes().writeAfterDeferredStarts(transitions);
            for (int i = 0; i < applied.length; i++) {
                if (!applied[i]) {
                    continue;
                }
                Task task = targets.get(i);
                cancelled++;
                state.runs().counted(task, TaskState.CANCELLED, transitions.get(i).result());
                if (state.queue().remove(task.id()) == null) {
                    state.leases().takeBack(state.leases().attempt(task.id()), true);
                }
                state.publish(HookType.TASK_CANCELLED, task.runId(), task.id(), task.worker(),
                        HookType.TASK_CANCELLED.attemptEndSeverity(), Map.of(EventData.NAME.name(), task.name(),
                                EventData.TASK_TYPE.name(), task.type(), EventData.ATTEMPT.name(), task.attempt(),
                                EventData.STATE.name(), "CANCELLED", EventData.MESSAGE.name(), reason,
                                EventData.TEST_CASES.name(), 0));
                state.runs().finished(task, completedRuns);
            }
            state.requestDispatch();
        } finally {
            state.lock().unlock();
        }
        state.publishRunsCompleted(completedRuns);
        return cancelled;
    }

    // ---------------------------------------------------------------- the worker gateway

    /** The coordinator's side of the worker protocol. */
    public WorkerGateway gateway() {
        return protocol;
    }

    // ---------------------------------------------------------------- queries

    /** The progress of a run with unfinished tasks, from memory; empty when the store must be asked. */
    public Optional<RunSummary> liveSummary(RunId id) {
        state.lock().lock();
        try {
            return state.runs().liveSummary(id);
        } finally {
            state.lock().unlock();
        }
    }

    public List<WorkerStatus> workers() {
        state.lock().lock();
        try {
            return state.leases().workers().stream().map(WorkerSlot::status).toList();
        } finally {
            state.lock().unlock();
        }
    }

    public int queued() {
        state.lock().lock();
        try {
            return state.queue().size();
        } finally {
            state.lock().unlock();
        }
    }

    /** Queued tasks per scheduler name ({@link SchedulerQueues#ACTIVE} for the active scheduler's). */
    public Map<String, Integer> queuedBySchedulers() {
        state.lock().lock();
        try {
            Map<String, Integer> sizes = new LinkedHashMap<>();
            state.queue().inTurn().forEach(queue -> sizes.put(queue.getKey(), queue.getValue().size()));
            return sizes;
        } finally {
            state.lock().unlock();
        }
    }

    /**
     * The tasks, each queued one with the reason it waits when no connected worker (one neither lost nor
     * draining) can run it.
     */
    public List<Task> withWaitingReasons(List<Task> tasks) {
        if (tasks.stream().noneMatch(task -> task.state() == TaskState.QUEUED)) {
            return tasks;
        }
        List<Capabilities> connected = connectedCapabilities();
        return tasks.stream().map(task -> task.state() != TaskState.QUEUED ? task : task.withWaiting(
                WaitingReason.of(task.requirements().withTaskType(task.type()), connected))).toList();
    }

    /** What the connected workers (neither lost nor draining) offer. */
    public List<Capabilities> connectedCapabilities() {
        state.lock().lock();
        try {
            return state.leases().workers().stream().filter(worker -> !worker.lost && !worker.draining)
                    .map(worker -> worker.info.capabilities()).toList();
        } finally {
            state.lock().unlock();
        }
    }

    /** How many polls of the worker wait for work now; for tests that need a poll in flight. */
    int pollsWaiting(WorkerId id) {
        state.lock().lock();
        try {
            WorkerSlot worker = state.leases().worker(id);
            return worker == null ? 0 : worker.polling;
        } finally {
            state.lock().unlock();
        }
    }

    public Path logFile(TaskAttempt attempt) {
        return state.logs().path(attempt);
    }

    // ---------------------------------------------------------------- the dispatcher's work

    /** Wakes the dispatcher, e.g. after the active scheduler changed. */
    public void redispatch() {
        state.lock().lock();
        try {
            state.requestDispatch();
        } finally {
            state.lock().unlock();
        }
    }

    /** One dispatch pass now, as the dispatcher runs it. */
    public void dispatchOnce() {
        dispatcher.dispatchOnce();
    }

    /** The housekeeping now, as the dispatcher runs it once a second. */
    public void housekeeping() {
        housekeeping.run();
    }
}
