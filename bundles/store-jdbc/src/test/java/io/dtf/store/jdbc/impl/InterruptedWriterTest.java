package io.dtf.store.jdbc.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.store.Transition;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A thread interrupted during the store's writes (a watchdog ending a hook, a pool shut down) costs at most its own
 * write: the database stays open for everyone else, and every write not interrupted is kept.
 */
class InterruptedWriterTest extends StoreTestBase {

    @Test
    void interruptsDuringWritesDoNotCloseTheDatabase() throws Exception {
        List<Task> tasks = Fixtures.submit(store, 4000);
        CompletableFuture<Integer> failedWrites = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            int failed = 0;
            for (int i = 0; i < tasks.size(); i += 20) {
                List<Transition> leases = new ArrayList<>();
                for (Task task : tasks.subList(i, i + 20)) {
                    leases.add(Transition.lease(task, W1, Fixtures.T0));
                }
                try {
                    store.transitionAll(leases);
                } catch (RuntimeException interruptedWrite) {
                    failed++;
                }
                Thread.interrupted();
            }
            failedWrites.complete(failed);
        }, "interrupted-writer");
        writer.start();
        while (writer.isAlive()) {
            writer.interrupt();
            Thread.sleep(1);
        }
        assertEquals(0, failedWrites.get(10, TimeUnit.SECONDS), "no write failed because of an interrupt");
        assertEquals(TaskState.LEASED, store.task(tasks.get(0).id()).orElseThrow().state());
        assertEquals(TaskState.LEASED, store.task(tasks.get(tasks.size() - 1).id()).orElseThrow().state());
        assertTrue(store.transition(Transition.start(Fixtures.attempt(tasks.get(0), 1), Fixtures.T0)),
                "the database is still open for everyone");
    }
}
