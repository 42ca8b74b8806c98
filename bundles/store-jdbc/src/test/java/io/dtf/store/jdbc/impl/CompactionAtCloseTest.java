package io.dtf.store.jdbc.impl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.store.Transition;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H2 writes every commit anew and compacts only when it closes: the store lets it, so the file shrinks at a stop. */
class CompactionAtCloseTest {
    @TempDir
    Path dir;

    @Test
    void theFileShrinksWhenTheStoreCloses() throws Exception {
        JdbcTaskStore store = Fixtures.open(dir);
        List<Task> tasks = Fixtures.submit(store, 5000);
        for (int i = 0; i < tasks.size(); i += 10) { // many small commits, as workers' reports are
            List<Transition> leases = new ArrayList<>();
            List<Transition> ends = new ArrayList<>();
            for (Task task : tasks.subList(i, i + 10)) {
                leases.add(Transition.lease(task, StoreTestBase.W1, Fixtures.T0));
                ends.add(Transition.finish(Fixtures.attempt(task, 1), Fixtures.result(TaskState.PASSED), false,
                        Fixtures.T0));
            }
            store.transitionAll(leases);
            store.transitionAll(ends);
        }
        long open = Files.size(dir.resolve("store.mv.db"));
        store.close();
        long closed = Files.size(dir.resolve("store.mv.db"));
        assertTrue(closed * 2 < open, "compacted at close: " + open / 1024 + " KiB open, " + closed / 1024 + " KiB closed");
    }
}
