package io.dtf.coordinator.impl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.plan.Plan;
import io.dtf.plan.PlanDefaults;
import io.dtf.plan.PlanParser;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An engine on a real H2 store for tests, with the events it publishes recorded, a clock that
 * runs with real time but can be moved ahead, and the steps a worker takes.
 */
public final class EngineHarness implements AutoCloseable {
    public static final Capabilities LINUX =
            new Capabilities("linux", "x86_64", 2, 4096, "17", Set.of(), Set.of(), false, false);
    public static final Duration NO_WAIT = Duration.ZERO;

    public final JdbcTaskStore store;
    public final List<DtfEvent> events = new CopyOnWriteArrayList<>();
    public final MovableClock clock = new MovableClock();
    private final Path dir;
    private final Function<String, SchedulerPlugin> schedulers;
    private EngineSettings settings;
    private TaskEngine engine;

    /** An engine with these schedulers by name ({@code ""} for the active one), the others as settings' defaults. */
    public EngineHarness(Path dir, Function<String, SchedulerPlugin> schedulers) {
        this.dir = dir;
        this.schedulers = schedulers;
        this.store = JdbcTaskStore.open("jdbc:h2:file:" + dir.resolve("store"), "sa", "", 4);
        this.settings = settings(Duration.ofSeconds(30));
        this.engine = started();
    }

    /** Test settings: one second's overdue grace, one lost attempt allowed. */
    public EngineSettings settings(Duration leaseTimeout) {
        return new EngineSettings(leaseTimeout, Duration.ofSeconds(1), 1, Duration.ofHours(1), Duration.ofMinutes(1),
                dir.resolve("logs"));
    }

    public TaskEngine engine() {
        return engine;
    }

    /** Stops the engine as a coordinator stops, and starts another on the same store. */
    public TaskEngine restart(EngineSettings newSettings) {
        engine.close();
        settings = newSettings;
        engine = started();
        return engine;
    }

    private TaskEngine started() {
        TaskEngine created = new TaskEngine(store, events::add, schedulers, clock, settings);
        created.recover();
        created.start();
        return created;
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }

    public RunId submit(String planText) {
        Plan plan = new PlanParser(PlanDefaults.STANDARD).parse(planText, "test.yaml");
        RunId id = store.nextRunId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        TestRun run = plan.toRun(id, now, planText);
        engine.accept(run, store.createRun(run, plan.toTasks(id, now)));
        return id;
    }

    /** A plan of {@code tasks} commands named t1, t2, ... */
    public static String plan(int tasks, int maxAttempts) {
        StringBuilder text = new StringBuilder("name: p\ndefaults: {maxAttempts: " + maxAttempts + "}\ntasks:\n");
        for (int i = 1; i <= tasks; i++) {
            text.append("  - {name: t").append(i).append(", command: ['true']}\n");
        }
        return text.toString();
    }

    public void register(WorkerId id, int slots) {
        engine.gateway().register(new WorkerInfo(id, id.value(), "localhost", LINUX, slots));
    }

    /** A poll that waits up to two seconds for leases. */
    public List<Lease> poll(WorkerId id, int free, List<TaskAttempt> running) throws InterruptedException {
        return engine.gateway().poll(id, free, running, Duration.ofSeconds(2)).leases();
    }

    public static Lease single(List<Lease> leases) {
        assertEquals(1, leases.size(), "one lease: " + leases);
        return leases.get(0);
    }

    public static TaskResult result(TaskState state) {
        return new TaskResult(state, Duration.ofMillis(5), state == TaskState.PASSED ? 0 : 1, null, List.of(),
                List.of(), null, null, null);
    }

    public void runToEnd(WorkerId worker, Lease lease, TaskState state) {
        engine.gateway().started(worker, lease.attempt());
        engine.gateway().completed(worker, lease.attempt(), result(state));
    }

    public long count(HookType type) {
        return events.stream().filter(e -> e.type() == type).count();
    }

    /** Waits up to five seconds until a poll of the worker waits for work in the engine. */
    public void awaitPollWaiting(WorkerId id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (engine.pollsWaiting(id) == 0) {
            assertTrue(System.nanoTime() < deadline, "no poll of " + id + " waits");
            Thread.sleep(1);
        }
    }

    /** A call running on a thread of its own; what it returns or throws is checked on the test's thread. */
    public record InThread<T>(Thread thread, CompletableFuture<T> result) {
        /** What the call returned; fails the test with what it threw, or when it took longer than 10 s. */
        public T get() throws Exception {
            thread.join(Duration.ofSeconds(10).toMillis());
            try {
                return result.get(1, TimeUnit.SECONDS);
            } catch (ExecutionException failed) {
                throw new AssertionError("the call on the other thread failed", failed.getCause());
            }
        }
    }

    public static <T> InThread<T> inThread(Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        }, "test-call");
        thread.start();
        return new InThread<>(thread, result);
    }

    /** Waits up to five seconds for an event of the type: the dispatcher publishes on its own thread. */
    public void awaitEvent(HookType type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (count(type) == 0) {
            assertTrue(System.nanoTime() < deadline, "no " + type + " event; seen " + events);
            Thread.sleep(10);
        }
    }

    /** Real time, plus however far a test moved it ahead. */
    public static final class MovableClock extends Clock {
        private volatile Duration ahead = Duration.ZERO;

        public void advance(Duration by) {
            ahead = ahead.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the engine works in UTC");
        }
    }
}
