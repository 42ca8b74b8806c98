package io.dtf.coordinator.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookType;
import io.dtf.api.scheduler.Assignment;
import io.dtf.api.scheduler.SchedulerPlugin;
import io.dtf.api.scheduler.SchedulingContext;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.Labels;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestRun;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.Lease;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.coordinator.impl.scheduling.FifoScheduler;
import io.dtf.plan.PlanValue;
import io.dtf.plan.PlannedTask;
import io.dtf.plan.TaskExpansion;
import io.dtf.plan.TaskTypeDefinition;
import io.dtf.plan.TestClassEstimates;
import io.dtf.store.jdbc.impl.JdbcTaskStore;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The coordinator component on a real store, activated and modified as Config Admin does it, with
 * the OSGi services it needs standing in: every key of {@code etc/io.dtf.coordinator.cfg} applies on a
 * live service, and queued and running work stays.
 */
class CoordinatorServiceTest {
    private static final WorkerId W1 = WorkerId.of("w1");
    private static final Capabilities LINUX =
            new Capabilities("linux", "x86_64", 2, 4096, "17", Set.of(), Set.of(), false, false);

    @TempDir
    Path dir;

    private String karafDataBefore;
    private JdbcTaskStore store;
    private CoordinatorService service;

    @BeforeEach
    void activate() throws Exception {
        karafDataBefore = System.getProperty("karaf.data");
        System.setProperty("karaf.data", dir.toString()); // the coordinator's files go under ${karaf.data}/dtf
        store = JdbcTaskStore.open("jdbc:h2:file:" + dir.resolve("store"), "sa", "", 4);
        service = new CoordinatorService();
        inject(service, "store", store);
        inject(service, "eventLog", store);
        inject(service, "configurationAdmin", standIn(ConfigurationAdmin.class, Map.of()));
        inject(service, "componentRuntime", standIn(ServiceComponentRuntime.class, Map.of()));
        service.bindScheduler(new FifoScheduler(), reference(Map.of(SchedulerPlugin.PROPERTY, "fifo")));
        service.activate(config(Map.of()), standIn(BundleContext.class, Map.of()));
    }

    @AfterEach
    void deactivate() {
        service.deactivate();
        store.close();
        if (karafDataBefore == null) {
            System.clearProperty("karaf.data");
        } else {
            System.setProperty("karaf.data", karafDataBefore);
        }
    }

    @Test
    void everyKeyAppliesOnTheLiveServiceAndQueuedAndRunningWorkStays() throws Exception {
        BlockingHook hook = new BlockingHook();
        service.bindHook(hook, reference(Map.of("component.name", "recorder", "service.id", 1L)));
        RecordingScheduler recording = new RecordingScheduler();
        service.bindScheduler(recording, reference(Map.of(SchedulerPlugin.PROPERTY, "recording")));
        RunId first = service.submit(plan("first", 3, "command"), "first.yaml").run().id();
        assertTrue(hook.entered.await(5, TimeUnit.SECONDS), "the hook holds its first event");
        service.register(new WorkerInfo(W1, "w1", "localhost", LINUX, 1));
        Lease running = service.poll(W1, 1, List.of(), Duration.ofSeconds(5)).leases().get(0);
        service.started(W1, running.attempt());
        assertEquals(TaskState.QUEUED, store.task(TaskId.of(first, 3)).orElseThrow().state());
        DtfException unknownType = assertThrows(DtfException.class,
                () -> service.submit(plan("remote", 1, "remote"), "remote.yaml"));
        assertEquals(ErrorCode.INVALID_PLAN, unknownType.code());

        service.modified(config(Map.of("scheduler", "recording", "leaseTimeoutSeconds", 4, "defaultTimeout", "5m",
                "defaultMaxAttempts", 3, "taskTypes", new String[] {"command", "remote"}, "hookQueueCapacity", 5,
                "defaultEstimateSeconds", 7)));

        // hooks: the six events queued for the held hook stay, though more than the new capacity; the 21
        // of the next run find no room
        RunId burst = service.submit(plan("burst", 20, "command"), "burst.yaml").run().id();
        HookChannel channel = channel(hook);
        assertEquals(6, channel.queued(), "the first run's, the worker's registration, a lease and a start");
        assertEquals(21, channel.dropped());
        // plan defaults and task types
        Task later = service.task(TaskId.of(burst, 1)).orElseThrow();
        assertEquals(3, later.maxAttempts());
        assertEquals(Duration.ofMinutes(5), later.timeout());
        assertEquals("remote", service.task(TaskId.of(service.submit(plan("remote", 1, "remote"), "remote.yaml")
                .run().id(), 1)).orElseThrow().type());
        // the lease time-out: a poll waits at most half of it
        long start = System.nanoTime();
        assertEquals(List.of(), service.poll(W1, 0, List.of(running.attempt()), Duration.ofSeconds(10)).leases());
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMillis < 5_000, "a 4 s lease time-out: the poll waited " + waitedMillis + " ms");

        // the running attempt ends as usual; the queued tasks go, decided by the new scheduler, which
        // expects 7 s of a task it knows nothing of
        service.completed(W1, running.attempt(), new TaskResult(TaskState.PASSED, Duration.ofMillis(5), 0, null,
                List.of(), List.of(), null, null, null));
        Lease next = service.poll(W1, 1, List.of(), Duration.ofSeconds(5)).leases().get(0);
        assertEquals(TaskId.of(first, 2), next.task().id(), "the tasks queued before the change stay queued");
        assertEquals(Duration.ofSeconds(7), recording.estimate);
        assertEquals(TaskState.PASSED, store.task(running.task().id()).orElseThrow().state());

        // the hook's time limit: the held event is interrupted, and what was queued reaches the hook
        service.modified(config(Map.of("hookTimeLimitMillis", 100)));
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (hook.received.size() < 7 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(7, hook.received.size(), "the held event and the six queued: " + hook.received);
        assertEquals(1, channel.timeouts());
        assertEquals(List.of("first.1", "first.2", "first.3"), hook.received.stream()
                .filter(e -> e.type() == HookType.TASK_CREATED && e.run().equals(first))
                .map(e -> "first." + e.task().value().substring(e.task().value().indexOf('.') + 1)).toList());
        assertEquals(22, service.tasks(new TaskQuery(null, Set.of(TaskState.QUEUED), null, null)).size(),
                "of 3 + 20 + 1 tasks, one passed and one is leased: nothing was lost");
    }

    @Test
    void anInvalidValueIsLoggedAndItsKeyKeepsItsValueWhileTheOthersApply() throws Exception {
        service.modified(config(Map.of("defaultTimeout", "soon", "defaultMaxAttempts", 4, "taskTypes",
                new String[] {"command", "remote"})));

        Task task = service.task(TaskId.of(service.submit(plan("remote", 1, "remote"), "remote.yaml").run().id(), 1))
                .orElseThrow();
        assertEquals(Duration.ofMinutes(30), task.timeout(), "the default timeout as before");
        assertEquals(1, task.maxAttempts(), "with the timeout that was not valid");
        assertEquals("remote", task.type(), "the task types applied");
    }

    @Test
    void aSubmissionsLabelsJoinThePlansAndWinAndItsCiContextIsStored() {
        CIContext ci = new CIContext("github", "acme/shop", "4f2a9c1", "feature/cart", 42, "987",
                URI.create("https://github.com/acme/shop/actions/runs/987"), Map.of("runAttempt", "1"));
        RunId id = service.submit("name: labelled\nlabels: {team: web, suite: smoke}\ntasks:\n"
                + "  - {name: t1, command: ['true']}\n", "labelled.yaml", Map.of("suite", "full", "pr", "42"), ci)
                .run().id();

        TestRun stored = store.run(id).orElseThrow();
        assertEquals(Map.of("team", "web", "suite", "full", "pr", "42"), stored.labels());
        assertEquals(ci, stored.ci());
        assertEquals(ci, service.run(id).orElseThrow().run().ci(), "the live summary carries it too");
        assertEquals(List.of(id), service.runs(new RunQuery(null, null, Map.of("suite", "full"), "github", null, null,
                null, 42)).stream().map(r -> r.run().id()).toList());

        DtfException refused = assertThrows(DtfException.class, () -> service.submit(plan("bad", 1, "command"),
                "bad.yaml", Map.of("team", "x".repeat(Labels.MAX_VALUE_LENGTH + 1)),
                new CIContext("github", null, null, null, 0, null, URI.create("ftp://ci/1"), null)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, refused.code());
        assertEquals(List.of("labels.team: the value is longer than 500 characters", "ci.pullRequest: must be 1 or more, "
                + "not 0", "ci.buildUrl: must be an absolute http(s) URL"), refused.problems().stream()
                .map(Object::toString).toList());
        DtfException planLabel = assertThrows(DtfException.class, () -> service.submit("name: long\nlabels: {"
                + "n".repeat(Labels.MAX_NAME_LENGTH + 1) + ": v}\ntasks:\n  - {name: t1, command: ['true']}\n",
                "long.yaml"));
        assertEquals(ErrorCode.INVALID_PLAN, planLabel.code());
        assertEquals(1, service.runs(RunQuery.all(Page.FIRST)).size(), "nothing stored from a refused submission");
        RunId unlabelled = service.submit(plan("plain", 1, "command"), "plain.yaml", null, null).run().id();
        assertEquals(Map.of(), store.run(unlabelled).orElseThrow().labels(), "null labels are none");
    }

    @Test
    void runLinksAreOnThePublicUrl() {
        assertTrue(service.runUrl(RunId.of("r7")).toString().matches("http://[^/]+:8181/api/v1/runs/r7"),
                service.runUrl(RunId.of("r7")).toString());
        service.modified(config(Map.of("publicUrl", "https://dtf.example.com/ci/")));
        assertEquals(URI.create("https://dtf.example.com/ci/api/v1/runs/r7"), service.runUrl(RunId.of("r7")));
        service.modified(config(Map.of("publicUrl", "dtf.example.com")));
        assertEquals(URI.create("https://dtf.example.com/ci/api/v1/runs/r7"), service.runUrl(RunId.of("r7")),
                "a URL that is not valid is logged and the one in use kept");
    }

    @Test
    void aTaskTypeDefinitionBoundAtRuntimeChecksAndExpandsItsTasksUntilItIsUnbound() {
        String plan = "name: shards\ntasks:\n  - {name: s, type: sharded, shards: 2}\n";
        assertEquals(List.of("tasks[0].type: task type 'sharded' is not installed (installed: command)"),
                refused(plan));

        ShardedType definition = new ShardedType();
        Map<String, Object> properties = Map.of(TaskTypeDefinition.PROPERTY, "sharded");
        service.bindTaskType(definition, properties);
        RunId id = service.submit(plan, "shards.yaml").run().id();
        assertEquals(List.of("s-1", "s-2"), service.tasks(TaskQuery.ofRun(id, new Page(0, 10))).stream()
                .map(Task::name).toList());
        assertTrue(definition.estimates instanceof TestClassHistory, "a split is balanced by the store's history");
        assertEquals(List.of("tasks[0].shards: must be between 1 and 10 (is 11)"), refused(plan.replace("2}", "11}")));

        service.unbindTaskType(definition, properties);
        assertEquals(List.of("tasks[0].type: task type 'sharded' is not installed (installed: command)"),
                refused(plan));
    }

    private List<String> refused(String plan) {
        DtfException e = assertThrows(DtfException.class, () -> service.submit(plan, "shards.yaml"));
        assertEquals(ErrorCode.INVALID_PLAN, e.code());
        return e.problems().stream().map(Object::toString).toList();
    }

    /** A plugin's task type: {@code shards: N} makes N tasks. */
    private static final class ShardedType implements TaskTypeDefinition {
        volatile TestClassEstimates estimates;

        @Override
        public List<String> keys() {
            return List.of("shards");
        }

        @Override
        public Object read(String key, PlanValue value) {
            return value.integer(1, 10);
        }

        @Override
        public List<PlannedTask> expand(PlannedTask task, TaskExpansion expansion) {
            estimates = expansion.testClassEstimates();
            int shards = (Integer) task.spec().get("shards");
            return IntStream.rangeClosed(1, shards).mapToObj(i -> task.name() + "-" + i).filter(expansion::claim)
                    .map(name -> task.withNameAndSpec(name, Map.of())).toList();
        }
    }

    @Test
    void aTaskNeedingWhatTheConnectedWorkersProbedBrowsersLackIsRefusedAtSubmissionUnlessConfiguredToWait() {
        Capabilities chromeWithoutWebNn = new Capabilities("linux", "x86_64", 2, 4096, "17", Set.of(), Set.of("chrome"),
                true, false, Set.of("command"), true);
        service.register(new WorkerInfo(W1, "w1", "localhost", chromeWithoutWebNn, 1));
        String needsWebNn = "name: webnn\ntasks:\n  - {name: graph, command: ['true'], requirements: {webnn: true}}\n"
                + "  - {name: shader, command: ['true'], requirements: {webgpu: true}}\n";
        int runsBefore = service.runs(RunQuery.all(new Page(0, 10))).size();

        DtfException refused = assertThrows(DtfException.class, () -> service.submit(needsWebNn, "webnn.yaml"));
        assertEquals(ErrorCode.UNSATISFIABLE_REQUIREMENTS, refused.code());
        assertEquals(List.of(new Problem("tasks[graph]", "it needs a browser with WebNN, and the probed browsers of the "
                + "1 connected worker that could run it have chrome (WebGPU yes, WebNN no)")), refused.problems());
        assertEquals(runsBefore, service.runs(RunQuery.all(new Page(0, 10))).size(), "no run made");

        service.modified(config(Map.of("refuseMissingBrowserCapabilities", false)));
        RunId waiting = service.submit(needsWebNn, "webnn.yaml").run().id();
        assertEquals("no connected worker has a browser with WebNN",
                service.task(TaskId.of(waiting, 1)).orElseThrow().waiting());
    }

    private static String plan(String name, int tasks, String type) {
        StringBuilder text = new StringBuilder("name: " + name + "\ntasks:\n");
        for (int i = 1; i <= tasks; i++) {
            text.append("  - {name: t").append(i).append(", type: ").append(type).append(", command: ['true']}\n");
        }
        return text.toString();
    }

    /** The hook's event channel, as the coordinator's event bus has it. */
    private HookChannel channel(Hook hook) throws Exception {
        Field field = CoordinatorService.class.getDeclaredField("events");
        field.setAccessible(true);
        List<HookChannel> channels = List.copyOf(((EventBus) field.get(service)).channels());
        assertEquals(1, channels.size(), "one hook: " + channels);
        return channels.get(0);
    }

    /** Holds the first event it receives until released or interrupted. */
    private static final class BlockingHook implements Hook {
        final List<DtfEvent> received = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void on(DtfEvent event) throws InterruptedException {
            received.add(event);
            if (received.size() == 1) {
                entered.countDown();
                release.await();
            }
        }
    }

    /** FIFO's decisions, noting the duration it is told to expect of the tasks it assigns. */
    private static final class RecordingScheduler implements SchedulerPlugin {
        private final SchedulerPlugin fifo = new FifoScheduler();
        volatile Duration estimate;

        @Override
        public List<Assignment> schedule(SchedulingContext context) {
            List<Assignment> assignments = fifo.schedule(context);
            context.pending().groups().forEach(group -> estimate = context.estimates().estimate(group.first()));
            return assignments;
        }
    }

    /** The configuration Config Admin would give: each key as set, else its default. */
    private static CoordinatorConfig config(Map<String, Object> values) {
        return (CoordinatorConfig) Proxy.newProxyInstance(CoordinatorConfig.class.getClassLoader(),
                new Class<?>[] {CoordinatorConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    @SuppressWarnings("unchecked")
    private static <S> ServiceReference<S> reference(Map<String, Object> properties) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getProperty", properties);
        answers.put("getPropertyKeys", properties.keySet().toArray(new String[0]));
        answers.put("getBundle", standIn(org.osgi.framework.Bundle.class, Map.of("getSymbolicName", "test.plugin")));
        return (ServiceReference<S>) standIn(ServiceReference.class, answers);
    }

    /**
     * An OSGi service or object that answers what {@code answers} says (a map answers by the call's
     * first argument) and otherwise nothing: null, zero, false or an empty array.
     */
    @SuppressWarnings("unchecked")
    private static <T> T standIn(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object answer = answers.get(method.getName());
            if (answer instanceof Map<?, ?> byArgument) {
                return byArgument.get(args[0]);
            }
            if (answer != null) {
                return answer;
            }
            Class<?> returns = method.getReturnType();
            if (returns.isArray()) {
                return Array.newInstance(returns.getComponentType(), 0);
            }
            if (returns == boolean.class) {
                return false;
            }
            if (returns == int.class || returns == long.class) {
                return returns == int.class ? (Object) 0 : (Object) 0L;
            }
            return null;
        });
    }

    private static void inject(Object target, String name, Object value) throws Exception {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
    }
}
