package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Fixtures.attempt;
import static io.dtf.store.jdbc.impl.Fixtures.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.EventLog.StoredEvent;
import io.dtf.api.store.Transition;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JdbcEventLogTest extends StoreTestBase {
    private static final Set<HookType> ENDS = EnumSet.of(HookType.TASK_COMPLETED, HookType.TASK_FAILED,
            HookType.TASK_RETRIED, HookType.RUN_COMPLETED);

    @Test
    void nothingIsRecordedWithoutASubscriber() {
        List<Task> tasks = Fixtures.submit(store, 1);
        finish(tasks.get(0), TaskState.PASSED);
        store.subscribe("late", Set.of());
        assertEquals(List.of(), store.read(0, Set.of(), 100));
    }

    @Test
    void aTasksEndsAndItsRunsCompletionAreStoredWithTheChangesThatCauseThem() {
        store.subscribe("hook", ENDS);
        List<Task> tasks = Fixtures.submit(store, 2);
        Instant t = Fixtures.T0.plusSeconds(1);
        assertTrue(store.transition(Transition.lease(tasks.get(0), W1, t)));
        assertTrue(store.transition(Transition.finish(attempt(tasks.get(0), 1), result(TaskState.FAILED), true, t)));
        finish(tasks.get(1), TaskState.PASSED);
        assertEquals(List.of(HookType.TASK_RETRIED, HookType.TASK_COMPLETED), types(store.read(0, ENDS, 100)),
                "the run has an unfinished task: not completed yet");

        Task retried = store.task(tasks.get(0).id()).orElseThrow();
        assertTrue(store.transition(Transition.lease(retried, W2, t)));
        assertTrue(store.transition(Transition.finish(attempt(retried, 2), result(TaskState.FAILED), false, t)));

        List<StoredEvent> events = store.read(0, ENDS, 100);
        assertEquals(List.of(HookType.TASK_RETRIED, HookType.TASK_COMPLETED, HookType.TASK_FAILED,
                HookType.RUN_COMPLETED), types(events));
        DtfEvent failed = events.get(2).event();
        assertEquals(tasks.get(0).id() + ":2:TASK_FAILED", failed.id());
        assertEquals("task-1", failed.get(EventData.NAME), "the task's name is read from the task");
        assertEquals(2, failed.get(EventData.ATTEMPT));
        assertEquals(W2, failed.worker(), "the worker is read from the attempt");
        assertEquals("FAILED", failed.get(EventData.STATE));
        assertEquals(Severity.ERROR, failed.severity());
        DtfEvent completed = events.get(3).event();
        assertEquals(tasks.get(0).runId() + ":RUN_COMPLETED", completed.id());
        assertEquals("FAILED", completed.get(EventData.STATE));
        assertTrue(events.get(0).seq() < events.get(1).seq() && events.get(2).seq() < events.get(3).seq());
    }

    @Test
    void aSubscriberReadsOnlyItsTypesFromItsPositionAndKeepsItsPositionWhenItComesBack() {
        store.subscribe("a", EnumSet.of(HookType.RUN_COMPLETED));
        store.subscribe("b", EnumSet.of(HookType.TASK_COMPLETED));
        List<Task> tasks = Fixtures.submit(store, 1);
        finish(tasks.get(0), TaskState.PASSED);
        List<StoredEvent> forA = store.read(0, EnumSet.of(HookType.RUN_COMPLETED), 100);
        assertEquals(List.of(HookType.RUN_COMPLETED), types(forA));
        store.acknowledge("a", forA.get(0).seq());
        store.subscribe("a", EnumSet.of(HookType.RUN_COMPLETED));
        assertEquals(forA.get(0).seq(), store.subscription("a").orElseThrow().acknowledged());
        store.acknowledge("a", 0);
        assertEquals(forA.get(0).seq(), store.subscription("a").orElseThrow().acknowledged(), "never moves back");
        assertEquals(forA.get(0).seq(), store.subscribe("new", Set.of()).acknowledged(),
                "a new subscriber starts after the latest event");
    }

    @Test
    void appendedEventsOfTypesNoOneWantsAreSkippedAndParkedOnesComeBackOnRequest() {
        store.subscribe("hook", EnumSet.of(HookType.WORKER_FAILED));
        DtfEvent lost = new DtfEvent(HookType.WORKER_FAILED, Fixtures.T0, null, null, W1, Severity.WARNING,
                Map.of(EventData.REASON.name(), "no poll"));
        DtfEvent unwanted = new DtfEvent(HookType.WORKER_REGISTERED, Fixtures.T0, null, null, W1, null, null);
        List<StoredEvent> stored = store.append(List.of(lost, unwanted));
        assertEquals(1, stored.size());
        StoredEvent read = store.read(0, Set.of(), 10).get(0);
        assertEquals(lost.id(), read.event().id());
        assertEquals("no poll", read.event().get(EventData.REASON));

        store.park("hook", read, "HTTP 400: bad payload", 1);
        store.acknowledge("hook", read.seq());
        assertEquals(0, store.purge(Fixtures.T0.plusSeconds(60), List.of("hook")), "a parked event is kept");
        assertEquals("HTTP 400: bad payload", store.parked("hook").get(0).reason());
        assertEquals(lost.id(), store.unpark("hook", read.seq()).orElseThrow().event().event().id());
        assertTrue(store.unpark("hook", read.seq()).isEmpty());
        assertEquals(1, store.purge(Fixtures.T0.plusSeconds(60), List.of("hook")));
        assertEquals(List.of(), store.read(0, Set.of(), 10));
    }

    @Test
    void purgeKeepsWhatASubscriberHasNotAcknowledged() {
        store.subscribe("slow", EnumSet.of(HookType.WORKER_FAILED));
        StoredEvent first = store.append(List.of(workerFailed())).get(0);
        store.append(List.of(workerFailed()));
        store.acknowledge("slow", first.seq());
        assertEquals(1, store.purge(Fixtures.T0.plusSeconds(60), List.of("slow")));
        assertEquals(1, store.read(0, Set.of(), 10).size());
        assertEquals(1, store.purge(Fixtures.T0.plusSeconds(60), List.of()), "a subscriber away holds nothing back");
        assertEquals(0, store.read(0, Set.of(), 10).size());
        store.unsubscribe("slow");
        assertNull(store.subscription("slow").orElse(null));
        assertEquals(List.of(), store.append(List.of(workerFailed())), "no subscriber: nothing recorded");
    }

    @Test
    void aRunSubmittedAfterASubscriptionIsRecordedWithItsTasks() {
        store.subscribe("hook", EnumSet.of(HookType.RUN_SUBMITTED, HookType.TASK_CREATED));
        List<Task> tasks = Fixtures.submit(store, 2);
        List<StoredEvent> events = store.read(0, Set.of(), 10);
        assertEquals(List.of(HookType.RUN_SUBMITTED, HookType.TASK_CREATED, HookType.TASK_CREATED), types(events));
        assertEquals(2, events.get(0).event().get(EventData.TASKS));
        assertEquals(tasks.get(1).id(), events.get(2).event().task());
    }

    private static DtfEvent workerFailed() {
        return new DtfEvent(HookType.WORKER_FAILED, Fixtures.T0, null, null, W1, Severity.WARNING, null);
    }

    private void finish(Task task, TaskState state) {
        Instant t = Fixtures.T0.plusSeconds(2);
        assertTrue(store.transition(Transition.lease(task, W1, t)));
        assertTrue(store.transition(Transition.finish(attempt(task, 1), result(state), false, t)));
    }

    private static List<HookType> types(List<StoredEvent> events) {
        return events.stream().map(e -> e.event().type()).toList();
    }
}
