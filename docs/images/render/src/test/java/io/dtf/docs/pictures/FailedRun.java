package io.dtf.docs.pictures;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.store.Transition;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.WorkerId;
import io.dtf.coordinator.impl.delivery.RunReports;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The run the pictures show, in the real store (H2 in memory): {@code nightly-api} of team api on main, five junit
 * tasks of 24 tests each, three of the 120 tests failing in two tasks; and its {@code RUN_COMPLETED} event as the
 * coordinator's {@link RunReports} completes it for integrations (summary, failed tests, link).
 */
final class FailedRun implements AutoCloseable {
    static final Instant SUBMITTED = Instant.parse("2026-12-07T02:00:00Z");
    static final RunId RUN = RunId.of("r1042");
    static final String PUBLIC_URL = "https://dtf.example.com";
    /** The failing tests: task, class, test, message, stack trace. */
    static final List<String[]> FAILURES = List.of(
            new String[] {"api-orders", "io.shop.api.CheckoutApiTest", "placesOrderWithVoucher",
                    "expected status 201 but was 500 (POST /api/orders)",
                    "org.opentest4j.AssertionFailedError: expected status 201 but was 500 (POST /api/orders)\n"
                            + "\tat io.shop.api.Http.assertStatus(Http.java:88)\n"
                            + "\tat io.shop.api.CheckoutApiTest.placesOrderWithVoucher(CheckoutApiTest.java:57)"},
            new String[] {"api-orders", "io.shop.api.CheckoutApiTest", "refundsCancelledOrder",
                    "expected refund 30.00 but was 29.99", null},
            new String[] {"api-auth", "io.shop.api.LoginApiTest", "rejectsExpiredToken",
                    "expected 401 Unauthorized but was 200 OK", null});
    private static final List<String> TASKS = List.of("api-auth", "api-catalog", "api-orders", "api-search", "api-users");

    private final JdbcTaskStore store = JdbcTaskStore.open("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "", 2);

    FailedRun() {
        CIContext ci = new CIContext("gitlab", "shop/api", "4f2c9e1d7a3b", "main", null, "1234567",
                URI.create("https://gitlab.example.com/shop/api/-/pipelines/1234567"), Map.of());
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS.size(); i++) {
            tasks.add(new Task(TaskId.of(RUN, i + 1), RUN, TASKS.get(i), "junit", Map.of(),
                    new Requirements(null, null, 1, null, Set.of(), null, null, null), 0, "api", null,
                    Duration.ofMinutes(30), 1, 0, TaskState.QUEUED, 0, null, SUBMITTED, null, null, null));
        }
        List<Task> stored = store.createRun(new TestRun(RUN, "nightly-api", Map.of("team", "api"), "api", null,
                SUBMITTED, "name: nightly-api", ci), tasks);
        WorkerId worker = WorkerId.of("ci-runner-3");
        for (Task task : stored) {
            TaskAttempt attempt = new TaskAttempt(task.id(), 1);
            Instant started = SUBMITTED.plusSeconds(5);
            store.transition(Transition.lease(task, worker, SUBMITTED.plusSeconds(1)));
            store.transition(Transition.start(attempt, started));
            List<TestCaseResult> tests = tests(task.name());
            boolean failed = tests.stream().anyMatch(t -> t.status().isFailure());
            Duration took = Duration.ofMinutes(9).plusSeconds(task.id().value().hashCode() & 0xff);
            store.transition(Transition.finish(attempt, new TaskResult(failed ? TaskState.FAILED : TaskState.PASSED,
                    took, failed ? 1 : 0, null, tests, List.of(), Map.of(), null, null), false, started.plus(took)));
        }
    }

    /** The run's end as integrations get it. */
    DtfEvent completed() {
        Instant end = SUBMITTED.plus(Duration.ofMinutes(12).plusSeconds(40));
        DtfEvent bare = new DtfEvent(HookType.RUN_COMPLETED, end, RUN, null, null, Severity.ERROR, Map.of());
        return new RunReports(store, run -> URI.create(PUBLIC_URL + "/api/v1/runs/" + run.value()), () -> 50)
                .complete(bare);
    }

    JdbcTaskStore store() {
        return store;
    }

    /** 24 tests of a task, the failing ones among them. */
    private static List<TestCaseResult> tests(String task) {
        List<TestCaseResult> tests = new ArrayList<>();
        for (String[] failure : FAILURES) {
            if (failure[0].equals(task)) {
                tests.add(new TestCaseResult(task, failure[1], failure[2], TestCaseStatus.FAILED,
                        Duration.ofMillis(850), failure[3], failure[4], false));
            }
        }
        for (int i = tests.size() + 1; i <= 24; i++) {
            tests.add(new TestCaseResult(task, "io.shop.api." + task.substring(4, 5).toUpperCase()
                    + task.substring(5) + "ApiTest", "case" + i, TestCaseStatus.PASSED, Duration.ofMillis(40 + i),
                    null, null, false));
        }
        return tests;
    }

    @Override
    public void close() {
        store.close();
    }
}
