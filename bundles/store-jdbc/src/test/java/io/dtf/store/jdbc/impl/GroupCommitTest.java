package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.store.Transition;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private static final String POISON = "r1.13";

    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    /** The group under test, for its writer to see who waits. */
    private final AtomicReference<GroupCommit> running = new AtomicReference<>();

    /**
     * A writer that applies transitions of even-numbered tasks, fails on POISON, and holds its first
     * call until every other caller waits behind it (at most 10 s).
     */
    private boolean[] write(List<Transition> transitions, int callers) {
        if (batches.isEmpty()) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (callers > 1 && running.get().queued() < callers - 1 && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        batches.add(transitions.stream().map(t -> t.task().value()).toList());
        boolean[] applied = new boolean[transitions.size()];
        for (int i = 0; i < applied.length; i++) {
            String id = transitions.get(i).task().value();
            if (id.equals(POISON)) {
                throw new DtfException(ErrorCode.STORE_UNAVAILABLE, "poisoned");
            }
            applied[i] = Integer.parseInt(id.substring(id.indexOf('.') + 1)) % 2 == 0;
        }
        return applied;
    }

    @Test
    void aLoneCallerWritesAlone() {
        GroupCommit group = new GroupCommit(ts -> write(ts, 0), 100);
        assertTrue(group.apply(List.of(lease(2)))[0]);
        assertFalse(group.apply(List.of(lease(3)))[0]);
        assertEquals(List.of(List.of("r1.2"), List.of("r1.3")), batches);
    }

    @Test
    void aCallersTransitionsStayTogetherAndComeBackInOrder() {
        GroupCommit group = new GroupCommit(ts -> write(ts, 0), 2);
        boolean[] outcomes = group.apply(List.of(lease(2), lease(3), lease(4)));
        assertEquals("[true, false, true]", java.util.Arrays.toString(outcomes));
        assertEquals(List.of(List.of("r1.2", "r1.3", "r1.4")), batches, "not split, though over maxBatch");
    }

    @Test
    void concurrentCallersShareTransactionsAndGetTheirOwnOutcome() throws Exception {
        int callers = 12;
        Function<List<Transition>, boolean[]> writer = ts -> write(ts, callers);
        List<Object> outcomes = run(new GroupCommit(writer, 100), callers);

        for (int i = 0; i < callers; i++) {
            assertEquals(i % 2 == 0, outcomes.get(i), "caller " + i);
        }
        assertEquals(callers, batches.stream().mapToInt(List::size).sum(), "each transition written once");
        assertTrue(batches.size() < callers, "some callers shared a transaction: " + batches);
    }

    @Test
    void aFailingTransitionFailsOnlyItsCaller() throws Exception {
        int callers = 16;
        List<Object> outcomes = run(new GroupCommit(ts -> write(ts, callers), 100), callers);

        for (int i = 0; i < callers; i++) {
            if (i == 13) {
                DtfException e = assertInstanceOf(DtfException.class, outcomes.get(i));
                assertEquals("poisoned", e.getMessage());
            } else {
                assertEquals(i % 2 == 0, outcomes.get(i), "caller " + i);
            }
        }
    }

    @Test
    void batchesStayWithinTheLimit() throws Exception {
        int callers = 10;
        List<Object> outcomes = run(new GroupCommit(ts -> write(ts, callers), 3), callers);

        assertEquals(callers, outcomes.size());
        assertTrue(batches.stream().allMatch(b -> b.size() <= 3), batches.toString());
        assertEquals(callers, batches.stream().mapToInt(List::size).sum());
    }

    /** Each caller i leases task r1.i at the same time; the outcome of each, or what it threw. */
    private List<Object> run(GroupCommit tested, int callers) throws Exception {
        running.set(tested);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Transition t = lease(i);
                futures.add(pool.submit(() -> tested.apply(List.of(t))[0]));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Boolean> f : futures) {
                try {
                    outcomes.add(f.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Transition lease(int index) {
        return new Transition(TaskId.of("r1." + index), 0, Set.of(TaskState.QUEUED), TaskState.LEASED, 1,
                WorkerId.of("w"), T0, null);
    }
}
