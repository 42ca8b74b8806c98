package io.dtf.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.worker.WorkerStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Boots a stock Apache Karaf, installs the {@code dtf-core} feature from the features repository
 * as a user would, and runs real plans on the embedded worker.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DtfCoreIT {

    @Inject
    private Coordinator coordinator;

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() throws Exception {
        return StockKaraf.withFeatures(new String[] {"dtf-core"},
            editConfigurationFilePut("etc/system.properties", "dtf.examples", System.getProperty("dtf.examples")),
            editConfigurationFilePut("etc/system.properties", "dtf.junit.sample", JUnitSample.compile()),
            editConfigurationFilePut("etc/io.dtf.worker.cfg", "slots", "4"));
    }

    @Test
    public void theExamplePlanRunsRealProcessesToTheRightStatesWithTheirTestCases() throws Exception {
        RunSummary submitted = coordinator.submit(example("quickstart.yaml"), "quickstart.yaml");
        assertEquals(3, submitted.counts().total());

        RunSummary done = awaitFinished(submitted.run().id(), Duration.ofSeconds(60));
        assertEquals(RunState.FAILED, done.state());
        Map<String, Task> tasks = tasksByName(done.run().id());
        assertEquals(TaskState.PASSED, tasks.get("passes").state());
        assertEquals(TaskState.FAILED, tasks.get("fails").state());
        assertEquals(Integer.valueOf(1), tasks.get("fails").result().exitCode());
        assertEquals(TaskState.TIMED_OUT, tasks.get("times-out").state());
        assertTrue(done.finishedAt() != null);

        Task passes = coordinator.task(tasks.get("passes").id()).orElseThrow();
        assertEquals(4, passes.result().testCases().size());
        assertEquals(1, passes.result().testCases().stream()
                .filter(t -> t.status() == TestCaseStatus.SKIPPED).count());
        assertTrue("the log tail is kept with the result", passes.result().logTail().contains("3 passed"));
        assertEquals("a short log of a passed attempt is all in its tail: no file", null, passes.result().logPath());
        Task fails = coordinator.task(tasks.get("fails").id()).orElseThrow();
        assertTrue("the log of an attempt that did not pass is kept in a file",
                Files.readString(Path.of(fails.result().logPath())).contains("[dtf] exit code 1"));

        List<StoredTestCase> failed = coordinator.testCases(new TestCaseQuery(done.run().id(), null,
                java.util.Set.of(TestCaseStatus.FAILED, TestCaseStatus.ERROR), Page.FIRST));
        assertEquals(List.of("readsNegativeNumbers", "readsEmptyInput"),
                failed.stream().map(t -> t.result().name()).collect(Collectors.toList()));
        assertEquals(TestCaseStatus.FAILED, failed.get(0).result().status());
        assertEquals(TestCaseStatus.ERROR, failed.get(1).result().status());
        assertEquals(7, done.testCases());
        assertEquals(2, done.failedTestCases());
    }

    @Test
    public void anInvalidPlanIsRefusedWithEveryProblemNamedAndNothingQueued() {
        int runsBefore = coordinator.runs(RunQuery.all(new Page(0, Page.MAX_LIMIT))).size();
        String plan = String.join("\n",
                "name: broken",
                "tasks:",
                "  - name: a",
                "    type: command",
                "    command: [\"true\"]",
                "    timeout: -5s",
                "  - name: a",
                "    type: nonsense",
                "  - name: c",
                "    type: command",
                "    comand: [\"true\"]",
                "    maxAttempts: 0");
        try {
            coordinator.submit(plan, "broken.yaml");
            fail("an invalid plan was accepted");
        } catch (DtfException refused) {
            assertEquals(ErrorCode.INVALID_PLAN, refused.code());
            List<String> problems = refused.problems().stream().map(Object::toString).collect(Collectors.toList());
            assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("tasks[0].timeout:")));
            assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("tasks[1].name:")));
            assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("tasks[1].type:")));
            assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("tasks[2].comand:")));
            assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("tasks[2].maxAttempts:")));
        }
        assertEquals(runsBefore, coordinator.runs(RunQuery.all(new Page(0, Page.MAX_LIMIT))).size());
    }

    @Test
    public void cancellingARunStopsItsRunningProcessAndItsQueuedTasks() throws Exception {
        String marker = "dtf-cancel-" + System.nanoTime();
        StringBuilder plan = new StringBuilder("name: to-cancel\ntasks:\n");
        // more tasks than slots, so that some are still queued when the run is cancelled
        for (int i = 0; i < 6; i++) {
            plan.append("  - {name: sleeper-").append(i).append(", type: command, command: [sh, -c, 'sleep 120 # ")
                    .append(marker).append("']}\n");
        }
        RunId id = coordinator.submit(plan.toString(), "to-cancel.yaml").run().id();
        awaitTrue("tasks running", Duration.ofSeconds(30), () -> coordinator.run(id).orElseThrow().counts()
                .get(TaskState.RUNNING) == 4);
        assertTrue("the process runs", processesWith(marker) > 0);

        assertEquals(6, coordinator.cancel(id));
        RunSummary cancelled = coordinator.run(id).orElseThrow();
        assertEquals(RunState.CANCELLED, cancelled.state());
        assertEquals(6, cancelled.counts().get(TaskState.CANCELLED));
        awaitTrue("the processes were killed", Duration.ofSeconds(15), () -> processesWith(marker) == 0);
        awaitTrue("the worker's slots are free again", Duration.ofSeconds(15), () -> coordinator.workers().stream()
                .mapToInt(WorkerStatus::busySlots).sum() == 0);
        assertFalse("a finished task cannot be cancelled again",
                coordinator.cancel(tasksByName(id).get("sleeper-0").id()));
    }

    @Test
    public void queuedTasksAndResultsSurviveARestartOfTheCoordinatorAndStore() throws Exception {
        RunSummary before = awaitFinished(coordinator.submit(example("passing.yaml"), "passing.yaml").run().id(),
                Duration.ofSeconds(60));
        Map<String, Task> finishedBefore = tasksByName(before.run().id());

        StringBuilder plan = new StringBuilder("name: across-restart\ntasks:\n");
        for (int i = 0; i < 8; i++) {
            plan.append("  - {name: t").append(i).append(", type: command, command: [sleep, '1']}\n");
        }
        RunId id = coordinator.submit(plan.toString(), "across-restart.yaml").run().id();
        awaitTrue("some tasks running", Duration.ofSeconds(30),
                () -> coordinator.run(id).orElseThrow().counts().get(TaskState.RUNNING) > 0);

        Coordinator previous = coordinator;
        Bundle store = bundle("io.dtf.store.jdbc");
        store.stop();
        store.start();
        // the coordinator was deactivated with its store and comes back as a new service object
        awaitTrue("the coordinator is back", Duration.ofSeconds(30), () -> {
            ServiceReference<Coordinator> reference = bundleContext.getServiceReference(Coordinator.class);
            Coordinator now = reference == null ? null : bundleContext.getService(reference);
            if (now != null && now != previous) {
                coordinator = now;
                return true;
            }
            return false;
        });

        RunSummary after = awaitFinished(id, Duration.ofSeconds(90));
        assertEquals(RunState.PASSED, after.state());
        assertEquals(8, after.counts().get(TaskState.PASSED));
        Map<String, Task> finishedAfter = tasksByName(before.run().id());
        for (Map.Entry<String, Task> entry : finishedBefore.entrySet()) {
            Task then = entry.getValue();
            Task now = finishedAfter.get(entry.getKey());
            assertEquals(then.state(), now.state());
            assertEquals(then.attempt(), now.attempt());
            assertEquals(then.finishedAt(), now.finishedAt());
        }
    }

    @Test
    public void theShellShowsRunsTasksAndWorkers() throws Exception {
        RunId id = awaitFinished(coordinator.submit(example("quickstart.yaml"), "quickstart.yaml").run().id(),
                Duration.ofSeconds(60)).run().id();

        String runs = shell("dtf:runs");
        assertTrue(runs, runs.contains(id.value()) && runs.contains("quickstart") && runs.contains("FAILED"));
        String run = shell("dtf:run " + id);
        assertTrue(run, run.contains("passes") && run.contains("times-out") && run.contains("TIMED_OUT"));
        assertTrue("failed test cases are listed: " + run, run.contains("readsNegativeNumbers"));
        String task = shell("dtf:task " + tasksByName(id).get("passes").id());
        assertTrue(task, task.contains("3 passed"));
        String workers = shell("dtf:workers");
        assertTrue(workers, workers.contains("local"));
        String missing = shell("dtf:run r999999");
        assertTrue(missing, missing.contains("does not exist"));
        assertFalse(missing, missing.contains("Exception"));
    }

    @Test
    public void aJUnitTaskRunsRealJUnitTestsAndReportsEachOne() throws Exception {
        String plan = String.join("\n",
                "name: junit-sample",
                "tasks:",
                "  - name: calculator",
                "    type: junit",
                "    classpath: [\"" + System.getProperty("dtf.junit.sample") + "\"]",
                "    select: {classes: [sample.CalculatorChecks]}",
                "    timeout: 2m");
        RunSummary done = awaitFinished(coordinator.submit(plan, "junit-sample.yaml").run().id(), Duration.ofSeconds(90));
        Task task = coordinator.task(tasksByName(done.run().id()).get("calculator").id()).orElseThrow();
        assertEquals(TaskState.FAILED, task.state());
        Map<String, TestCaseStatus> cases = task.result().testCases().stream()
                .collect(Collectors.toMap(t -> t.name().replace("()", ""), t -> t.status()));
        assertEquals(Map.of("adds", TestCaseStatus.PASSED, "multiplies", TestCaseStatus.PASSED,
                "divides", TestCaseStatus.FAILED, "roots", TestCaseStatus.SKIPPED), cases);
    }

    // ---------------------------------------------------------------- helpers

    private static String example(String name) throws Exception {
        return Files.readString(Path.of(System.getProperty("dtf.examples"), name));
    }

    private Map<String, Task> tasksByName(RunId id) {
        return coordinator.tasks(TaskQuery.ofRun(id, Page.FIRST)).stream()
                .collect(Collectors.toMap(Task::name, Function.identity()));
    }

    private RunSummary awaitFinished(RunId id, Duration limit) throws InterruptedException {
        awaitTrue("run " + id + " finished", limit, () -> coordinator.run(id).orElseThrow().state().isFinished());
        return coordinator.run(id).orElseThrow();
    }

    private static void awaitTrue(String what, Duration limit, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + limit + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    private static long processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(marker)).orElse(false))
                .count();
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    private String shell(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, print, print);
        try {
            Object result = session.execute(command);
            if (result != null) {
                print.println(result);
            }
        } catch (Exception failure) {
            print.println(failure.getMessage());
        } finally {
            session.close();
        }
        assertNotNull(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
