package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Fixtures.T0;
import static io.dtf.store.jdbc.impl.Fixtures.attempt;
import static io.dtf.store.jdbc.impl.Fixtures.result;
import static io.dtf.store.jdbc.impl.Fixtures.testCase;

import io.dtf.api.store.Transition;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerId;
import java.util.List;

/**
 * The child JVM of {@link DatabaseTest}: stores a run and moves its tasks, says so on stdout, and
 * dies without closing anything, by {@code halt(9)} or by waiting for the parent's SIGKILL.
 */
public final class DurabilityChild {
    static final String COMMITTED = "COMMITTED ";

    private DurabilityChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        boolean halt = args[1].equals("halt");
        JdbcTaskStore store = new JdbcTaskStore();
        store.start(url, "sa", "", 4);
        RunId id = store.nextRunId();
        List<Task> tasks = store.createRun(Fixtures.run(id, "default"), Fixtures.tasks(id, 3, "default"));
        WorkerId worker = WorkerId.of("doomed");
        store.transitionAll(tasks.stream().map(t -> Transition.lease(t, worker, T0)).toList());
        store.transition(Transition.start(attempt(tasks.get(0), 1), T0.plusSeconds(1)));
        store.transition(Transition.finish(attempt(tasks.get(0), 1),
                result(TaskState.FAILED, testCase("t1", TestCaseStatus.PASSED), testCase("t2", TestCaseStatus.FAILED)),
                false, T0.plusSeconds(2)));
        store.transition(Transition.cancel(tasks.get(1).withState(TaskState.LEASED, 1, worker), "bye",
                T0.plusSeconds(3)));
        System.out.println(COMMITTED + id);
        System.out.flush();
        if (halt) {
            Runtime.getRuntime().halt(9);
        }
        Thread.sleep(60_000); // the parent kills this JVM with SIGKILL long before
        Runtime.getRuntime().halt(1);
    }
}
