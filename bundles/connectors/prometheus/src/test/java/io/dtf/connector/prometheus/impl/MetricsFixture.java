package io.dtf.connector.prometheus.impl;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerState;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.testkit.CapabilitiesBuilder;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import io.dtf.notify.api.Delivery;
import io.dtf.notify.api.DeliveryOutcome;
import io.dtf.notify.api.NotificationLog;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What the metrics tests share: configurations as Declarative Services makes them, a store's counts, events. */
final class MetricsFixture {
    static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    private MetricsFixture() {
    }

    /** A configuration of this type with these keys (as in the .cfg file; the rest their defaults). */
    static <C> C config(Class<C> type, Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>();
        settings.forEach((key, value) -> values.put(key.startsWith(".") ? "_" + key.substring(1) : key, value));
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue())));
    }

    static MetricsConfig metricsConfig() {
        return config(MetricsConfig.class, Map.of());
    }

    /** A store that answers only {@code countTasks}, for a query of one state, with {@code counts}. */
    static TaskStore store(Function<TaskState, Long> counts) {
        return (TaskStore) Proxy.newProxyInstance(TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("countTasks")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    TaskQuery query = (TaskQuery) args[0];
                    return counts.apply(query.states().iterator().next());
                });
    }

    static WorkerStatus worker(String id, WorkerState state, int slots, int busy) {
        WorkerInfo info = new WorkerInfo(WorkerId.of(id), id, "host-" + id, CapabilitiesBuilder.linux().build(), slots);
        return new WorkerStatus(info, state, busy, AT, AT, 0);
    }

    /** The event of an attempt's end, as the coordinator publishes it. */
    static DtfEvent attemptEnd(HookType type, String task, int attempt, TaskState state) {
        return new DtfEvent(type, AT, TaskId.of(task).runId(), TaskId.of(task), null, type.attemptEndSeverity(),
                Map.of(EventData.ATTEMPT.name(), attempt, EventData.STATE.name(), state.name()));
    }

    /**
     * The event of an attempt's end that carries what its metrics need: the task's type, the attempt's duration and
     * how many test cases it reported.
     */
    static DtfEvent attemptEnd(HookType type, String task, int attempt, TaskState state, String taskType,
                               Duration duration, int testCases) {
        Map<String, Object> data = new HashMap<>(attemptEnd(type, task, attempt, state).data());
        data.put(EventData.TASK_TYPE.name(), taskType);
        data.put(EventData.DURATION_MILLIS.name(), duration.toMillis());
        data.put(EventData.TEST_CASES.name(), testCases);
        return new DtfEvent(type, AT, TaskId.of(task).runId(), TaskId.of(task), null, type.attemptEndSeverity(), data);
    }

    /** The notification system's delivery log, with these counters by channel ({@code ""}: events' own outcomes). */
    static NotificationLog notificationLog(Map<String, Map<DeliveryOutcome, Long>> byChannel) {
        return new NotificationLog() {
            @Override
            public List<Delivery> recent(int limit) {
                return List.of();
            }

            @Override
            public Map<DeliveryOutcome, Long> counters() {
                return Map.of();
            }

            @Override
            public Map<String, Map<DeliveryOutcome, Long>> countersByChannel() {
                return byChannel;
            }

            @Override
            public long eventsSent() {
                return 0;
            }

            @Override
            public Map<String, Integer> pendingGroups() {
                return Map.of();
            }

            @Override
            public String routingStatus() {
                return "test";
            }
        };
    }
}
