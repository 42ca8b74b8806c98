package io.dtf.coordinator.impl.scheduling;

import static io.dtf.coordinator.impl.scheduling.Fixtures.labels;
import static io.dtf.coordinator.impl.scheduling.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dtf.api.scheduler.PendingGroup;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingIndexTest {

    @Test
    void groupsTasksByRequirementsInSubmissionOrder() {
        PendingIndex index = new PendingIndex();
        index.add(task(2, 20, Requirements.NONE));
        index.add(task(1, 10, Requirements.NONE));
        index.add(task(3, 30, labels("gpu")));

        assertEquals(3, index.size());
        assertEquals(2, index.groups().size());
        PendingGroup plain = index.groups().stream()
                .filter(g -> g.requirements().equals(Requirements.NONE)).findFirst().orElseThrow();
        List<Long> order = new ArrayList<>();
        plain.forEach(t -> order.add(t.seq()));
        assertEquals(List.of(10L, 20L), order);
        assertEquals(10L, plain.first().seq());
    }

    @Test
    void eachGroupIsSplitByTenantAndByRunWithTheSameOrders() {
        PendingIndex index = new PendingIndex();
        io.dtf.api.task.RunId r1 = io.dtf.api.task.RunId.of("r1");
        index.add(task(1, 1, Requirements.NONE));
        index.add(task(2, 2, Requirements.NONE));
        PendingGroup group = index.groups().iterator().next();
        assertEquals(List.of(r1), List.copyOf(group.runs()));
        assertEquals(2, group.ofRun(r1).size());
        assertEquals(0, group.ofRun(io.dtf.api.task.RunId.of("r9")).size());
        assertEquals(List.of("default"), List.copyOf(group.tenants()));
        index.remove(task(1, 1, Requirements.NONE).id());
        assertEquals(2L, group.ofRun(r1).first().seq());
        assertEquals(2L, group.ofTenant("default").byPriority().iterator().next().seq());
    }

    @Test
    void byPriorityFromStartsAtTheFirstTaskOfThePriorityOrBelow() {
        PendingIndex index = new PendingIndex();
        int[] priorities = {3, 0, 7, 3, 0, 7, 5};
        for (int i = 0; i < priorities.length; i++) {
            Task task = task(i + 1, 10 + i, Requirements.NONE);
            index.add(new Task(task.id(), task.runId(), task.name(), task.type(), task.spec(), task.requirements(),
                    priorities[i], task.tenant(), null, task.timeout(), 1, task.seq(), task.state(), 0, null,
                    task.createdAt(), null, null, null));
        }
        PendingGroup group = index.groups().iterator().next();
        // the same group with the interface's own byPriorityFrom, which walks instead of jumping
        PendingGroup walking = (PendingGroup) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PendingGroup.class}, (proxy, method, args) -> method.isDefault()
                        ? InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(group, args));

        assertEquals(List.of(12L, 15L, 16L, 10L, 13L, 11L, 14L), seqs(group.byPriority()));
        assertEquals(List.of(16L, 10L, 13L, 11L, 14L), seqs(group.byPriorityFrom(6)));
        assertEquals(List.of(16L, 10L, 13L, 11L, 14L), seqs(walking.byPriorityFrom(6)));
        assertEquals(List.of(11L, 14L), seqs(group.byPriorityFrom(0)));
        assertEquals(List.of(11L, 14L), seqs(walking.byPriorityFrom(0)));
        assertEquals(seqs(group.byPriority()), seqs(group.byPriorityFrom(Integer.MAX_VALUE)));
        assertEquals(List.of(), seqs(group.byPriorityFrom(-1)));
        assertEquals(List.of(), seqs(walking.byPriorityFrom(-1)));
    }

    private static List<Long> seqs(Iterable<Task> tasks) {
        List<Long> seqs = new ArrayList<>();
        tasks.forEach(t -> seqs.add(t.seq()));
        return seqs;
    }

    @Test
    void removingTheLastTaskOfAClassDropsTheClass() {
        PendingIndex index = new PendingIndex();
        Task gpu = task(1, 1, labels("gpu"));
        index.add(gpu);
        assertEquals(gpu, index.remove(gpu.id()));
        assertEquals(0, index.size());
        assertEquals(0, index.groups().size());
        assertNull(index.remove(gpu.id()));
    }

    @Test
    void aRetriedTaskReplacesItsOlderSelfAndKeepsItsPlace() {
        PendingIndex index = new PendingIndex();
        Task first = task(1, 1, Requirements.NONE);
        index.add(first);
        index.add(task(2, 2, Requirements.NONE));
        index.add(first.withState(TaskState.QUEUED, 1, null));

        assertEquals(2, index.size());
        assertEquals(1, index.groups().iterator().next().first().attempt());
    }
}
