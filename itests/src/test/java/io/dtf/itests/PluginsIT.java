package io.dtf.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.coordinator.SchedulerInfo;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginRegistry;
import io.dtf.api.plugin.PluginState;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunState;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Plugins as users deploy them: bundles built on the fly, dropped into {@code deploy/}, replaced by a
 * new version and removed while a run goes on; broken plugins that must not slow a run; a plugin
 * that misses a service; a scheduler switched mid-run.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginsIT {
    /** Outside the container: where the jars are built; inside: the same folder, passed as a property. */
    private static final String PLUGINS = System.getProperty("dtf.itest.plugins",
            new File("target/test-plugins").getAbsolutePath());
    private static final String EVENTS = PLUGINS + "/events.log";

    @Inject
    private Coordinator coordinator;


    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() throws IOException {
        // The plugin jars are built here, outside the container, and handed to the tests as files.
        PluginJars.writeAll(PLUGINS, EVENTS);

        return StockKaraf.withFeatures(new String[] {"dtf-core"},
            editConfigurationFilePut("etc/system.properties", "dtf.itest.events", EVENTS),
            editConfigurationFilePut("etc/system.properties", "dtf.itest.plugins", PLUGINS),
            editConfigurationFilePut("etc/system.properties", "dtf.example.plugin",
                    System.getProperty("dtf.example.plugin")),
            editConfigurationFilePut("etc/io.dtf.worker.cfg", "slots", "4"),
            editConfigurationFilePut("etc/io.dtf.coordinator.cfg", "hookTimeLimitMillis", "500"));
    }

    @Test
    public void aPluginIsHotDeployedUpdatedAndRemovedDuringARunWithoutLosingAnEvent() throws Exception {
        Path deployed = Path.of(System.getProperty("karaf.base"), "deploy", "recorder.jar");
        long dropped = System.nanoTime();
        deploy("recorder-1.0.0.jar", deployed);
        await("version 1 active", Duration.ofSeconds(10), () -> plugin("io.dtf.itests.recorder")
                .filter(p -> p.version().equals("1.0.0") && p.state() == PluginState.ACTIVE).isPresent());
        long activeMillis = (System.nanoTime() - dropped) / 1_000_000;
        System.out.println("A plugin dropped into deploy/ was active after " + activeMillis + " ms");
        assertTrue("a dropped plugin is active within 5 s, took " + activeMillis + " ms", activeMillis < 5000);

        RunId run = coordinator.submit(plan("hot-swap", 40, "sleep 0.2"), "hot-swap.yaml").run().id();
        await("the run is under way", Duration.ofSeconds(30),
                () -> coordinator.run(run).orElseThrow().counts().get(TaskState.PASSED) >= 4);
        deploy("recorder-2.0.0.jar", deployed);
        await("version 2 active", Duration.ofSeconds(10), () -> plugin("io.dtf.itests.recorder")
                .filter(p -> p.version().equals("2.0.0") && p.state() == PluginState.ACTIVE).isPresent());
        RunSummary done = awaitFinished(run);
        assertEquals(RunState.PASSED, done.state());

        Set<String> tasks = coordinator.tasks(TaskQuery.ofRun(run, Page.FIRST)).stream()
                .map(t -> t.id().value()).collect(Collectors.toSet());
        await("every completion recorded", Duration.ofSeconds(10), () -> recorded(run).size() >= 40);
        List<String> lines = recorded(run);
        Map<String, Long> perTask = lines.stream().collect(Collectors.groupingBy(l -> l.split(" ")[2],
                Collectors.counting()));
        assertEquals("each task's completion reached the plugin exactly once", tasks, perTask.keySet());
        assertTrue(lines.toString(), perTask.values().stream().allMatch(n -> n == 1));
        assertTrue("both versions saw events: " + lines, lines.stream().anyMatch(l -> l.startsWith("v1 "))
                && lines.stream().anyMatch(l -> l.startsWith("v2 ")));

        Files.delete(deployed);
        await("removed", Duration.ofSeconds(10), () -> plugin("io.dtf.itests.recorder").isEmpty());
    }

    @Test
    public void aDurableHookReceivesOnceEnabledWhatHappenedWhileItWasDisabledAndAfterAnUpdate() throws Exception {
        assertTrue("the store, which offers the event log, is DTF's machinery, not a plugin",
                plugin("io.dtf.store.jdbc").isEmpty());
        Bundle durable = install("durable-recorder.jar");
        try {
            await("the durable hook is active", Duration.ofSeconds(10), () -> plugin("io.dtf.itests.durable")
                    .filter(p -> p.state() == PluginState.ACTIVE && !p.hooks().isEmpty()
                            && p.hooks().get(0).durable()).isPresent());
            registry().disable("io.dtf.itests.durable");
            RunId whileDisabled = coordinator.submit(plan("while-disabled", 2, "true"), "while-disabled.yaml")
                    .run().id();
            awaitFinished(whileDisabled);
            registry().enable("io.dtf.itests.durable");
            await("RUN_COMPLETED of the run that finished while it was disabled", Duration.ofSeconds(20),
                    () -> completions(whileDisabled) == 1);

            durable.update(); // a new revision of the bundle: a new hook service, the same line in the store
            RunId afterUpdate = coordinator.submit(plan("after-update", 2, "true"), "after-update.yaml").run().id();
            awaitFinished(afterUpdate);
            await("RUN_COMPLETED after the update", Duration.ofSeconds(20), () -> completions(afterUpdate) == 1);
            assertEquals("nothing was delivered twice", 1, completions(whileDisabled));
        } finally {
            durable.uninstall();
        }
    }

    /** How often the durable recorder received the run's RUN_COMPLETED. */
    private static long completions(RunId run) {
        try {
            Path events = Path.of(EVENTS);
            return !Files.exists(events) ? 0 : Files.readAllLines(events, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.equals("durable RUN_COMPLETED null " + run.value())).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    public void aPluginThatThrowsAndOneThatHangsDoNotSlowARun() throws Exception {
        long baseline = timedRun("baseline");
        Bundle thrower = install("thrower.jar");
        Bundle sleeper = install("sleeper.jar");
        try {
            long withBrokenPlugins = timedRun("with-broken-plugins");
            assertTrue("baseline " + baseline + " ms, with broken plugins " + withBrokenPlugins + " ms",
                    withBrokenPlugins < baseline * 2 + 1000);
            await("the throwing plugin is disabled", Duration.ofSeconds(10), () -> plugin("io.dtf.itests.thrower")
                    .filter(p -> p.state() == PluginState.FAILED).isPresent());
            PluginInfo failed = plugin("io.dtf.itests.thrower").orElseThrow();
            assertTrue(failed.lastError(), failed.lastError().contains("broken on purpose"));
            await("the hanging plugin's time-out is counted", Duration.ofSeconds(10),
                    () -> plugin("io.dtf.itests.sleeper").orElseThrow().failures() > 0);
        } finally {
            thrower.uninstall();
            sleeper.uninstall();
        }
    }

    @Test
    public void aPluginThatMissesSomethingSaysWhat() throws Exception {
        Bundle needy = install("needy.jar");
        Bundle unresolvable = bundleContext.installBundle("file:" + PLUGINS + "/unresolvable.jar");
        try {
            PluginInfo waiting = plugin("io.dtf.itests.needy").orElseThrow();
            assertEquals(PluginState.UNSATISFIED, waiting.state());
            assertTrue(waiting.missing().toString(), waiting.missing().get(0)
                    .contains("io.dtf.api.store.TaskStore (dtf.itest=missing)"));
            PluginInfo broken = plugin("io.dtf.itests.unresolvable").orElseThrow();
            assertEquals(PluginState.UNRESOLVED, broken.state());
            assertTrue(broken.missing().toString(), String.join(" ", broken.missing()).contains("org.example.nowhere"));
        } finally {
            needy.uninstall();
            unresolvable.uninstall();
        }
    }

    @Test
    public void theSchedulerIsSwitchedMidRunWithoutLosingTasks() throws Exception {
        Bundle lifo = install("lifo.jar");
        try {
            await("lifo installed", Duration.ofSeconds(10),
                    () -> coordinator.schedulers().stream().anyMatch(s -> s.name().equals("lifo")));
            RunId run = coordinator.submit(plan("switch", 30, "sleep 0.1"), "switch.yaml").run().id();
            await("under way", Duration.ofSeconds(30),
                    () -> coordinator.run(run).orElseThrow().counts().get(TaskState.PASSED) >= 4);
            coordinator.useScheduler("lifo");
            assertTrue(coordinator.schedulers().stream().filter(SchedulerInfo::active).map(SchedulerInfo::name)
                    .collect(Collectors.toList()).contains("lifo"));
            RunSummary done = awaitFinished(run);
            assertEquals(RunState.PASSED, done.state());
            assertEquals(30, done.counts().get(TaskState.PASSED));
            List<Task> tasks = coordinator.tasks(TaskQuery.ofRun(run, Page.FIRST));
            assertTrue(tasks.stream().allMatch(t -> t.attempt() == 1));
        } finally {
            coordinator.useScheduler("fifo");
            lifo.uninstall();
        }
    }

    @Test
    public void aDisabledPluginStaysDisabledWhenItsBundleRestartsUntilEnabled() throws Exception {
        Bundle lifo = install("lifo.jar");
        try {
            await("lifo installed", Duration.ofSeconds(10),
                    () -> coordinator.schedulers().stream().anyMatch(s -> s.name().equals("lifo")));
            String name = plugin(lifo.getSymbolicName()).orElseThrow().name();
            registry().disable(name);
            await("lifo disabled", Duration.ofSeconds(10),
                    () -> coordinator.schedulers().stream().noneMatch(s -> s.name().equals("lifo")));
            lifo.stop();
            lifo.start();
            Thread.sleep(1000); // time for Declarative Services to bring its components up, were they enabled
            assertEquals(PluginState.DISABLED, plugin(name).orElseThrow().state());
            assertTrue(coordinator.schedulers().stream().noneMatch(s -> s.name().equals("lifo")));
            Path kept = Path.of(System.getProperty("karaf.data"), "dtf", "disabled-plugins");
            assertTrue(Files.readAllLines(kept).contains(lifo.getSymbolicName()));

            registry().enable(name);
            await("lifo enabled again", Duration.ofSeconds(10),
                    () -> coordinator.schedulers().stream().anyMatch(s -> s.name().equals("lifo")));
            assertFalse(Files.readAllLines(kept).contains(lifo.getSymbolicName()));
        } finally {
            lifo.uninstall();
        }
    }

    @Test
    public void theExamplePluginOfTheDocsWorksWhenDroppedIntoDeploy() throws Exception {
        Path deployed = deployTheExamplePlugin();
        try {
            RunId run = awaitFinished(coordinator.submit(plan("reported", 2, "true"), "reported.yaml").run().id())
                    .run().id();
            awaitReported(Path.of(System.getProperty("karaf.data"), "dtf", "run-report.md"), run, "reported");
        } finally {
            Files.deleteIfExists(deployed);
        }
    }

    @Test
    public void eachFactoryConfigurationOfAHookComponentReceivesEveryEvent() throws Exception {
        Path deployed = deployTheExamplePlugin();
        ConfigurationAdmin admin = bundleContext.getService(bundleContext.getServiceReference(ConfigurationAdmin.class));
        List<org.osgi.service.cm.Configuration> instances = List.of(
                admin.getFactoryConfiguration("org.example.dtf.runreport", "team-a", "?"),
                admin.getFactoryConfiguration("org.example.dtf.runreport", "team-b", "?"));
        try {
            for (org.osgi.service.cm.Configuration instance : instances) {
                String name = instance.getPid().substring(instance.getPid().indexOf('~') + 1);
                instance.update(new Hashtable<>(Map.of("file", "dtf/report-" + name + ".md")));
            }
            await("two hooks, one per configuration", Duration.ofSeconds(10), () -> plugin("run-report")
                    .filter(p -> p.hooks().stream().filter(h -> h.configuration() != null
                            && h.configuration().startsWith("org.example.dtf.runreport~team-")).count() == 2)
                    .isPresent());
            RunId run = awaitFinished(coordinator.submit(plan("two-teams", 2, "true"), "two-teams.yaml").run().id())
                    .run().id();
            Path data = Path.of(System.getProperty("karaf.data"));
            awaitReported(data.resolve("dtf/report-team-a.md"), run, "two-teams");
            awaitReported(data.resolve("dtf/report-team-b.md"), run, "two-teams");
        } finally {
            for (org.osgi.service.cm.Configuration instance : instances) {
                instance.delete();
            }
            Files.deleteIfExists(deployed);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Drops the example plugin of docs/writing-plugins.md into deploy/ as a user does; waits until it is active. */
    private Path deployTheExamplePlugin() throws Exception {
        Path deployed = Path.of(System.getProperty("karaf.base"), "deploy", "dtf-run-report-1.0.0.jar");
        Files.copy(Path.of(System.getProperty("dtf.example.plugin")), deployed, StandardCopyOption.REPLACE_EXISTING);
        await("the example plugin is active", Duration.ofSeconds(10), () -> plugin("run-report")
                .filter(p -> p.state() == PluginState.ACTIVE && p.type() == io.dtf.api.plugin.PluginType.REPORTER)
                .isPresent());
        return deployed;
    }

    private void awaitReported(Path report, RunId run, String name) throws Exception {
        await("run " + run + " is in " + report, Duration.ofSeconds(10), () -> {
            try {
                return Files.exists(report) && Files.readString(report).contains("| " + run + " | " + name + " | PASSED |");
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static String plan(String name, int tasks, String command) {
        StringBuilder text = new StringBuilder("name: " + name + "\ntasks:\n");
        for (int i = 0; i < tasks; i++) {
            text.append("  - {name: t").append(i).append(", command: [sh, -c, '").append(command).append("']}\n");
        }
        return text.toString();
    }

    private long timedRun(String name) throws Exception {
        long start = System.nanoTime();
        RunSummary done = awaitFinished(coordinator.submit(plan(name, 20, "true"), name + ".yaml").run().id());
        assertEquals(RunState.PASSED, done.state());
        return (System.nanoTime() - start) / 1_000_000;
    }

    private Optional<PluginInfo> plugin(String name) {
        return registry().plugins().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Looked up at each use: the registry is the coordinator's, which may be restarted. */
    private PluginRegistry registry() {
        org.osgi.framework.ServiceReference<PluginRegistry> reference =
                bundleContext.getServiceReference(PluginRegistry.class);
        if (reference == null) {
            throw new AssertionError("no PluginRegistry service");
        }
        return bundleContext.getService(reference);
    }

    private Bundle install(String jar) throws Exception {
        Bundle bundle = bundleContext.installBundle("file:" + PLUGINS + "/" + jar);
        bundle.start();
        return bundle;
    }

    private static void deploy(String jar, Path target) throws IOException {
        Path staged = Path.of(PLUGINS, jar + ".staged");
        Files.copy(Path.of(PLUGINS, jar), staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> recorded(RunId run) {
        Path events = Path.of(EVENTS);
        try {
            return !Files.exists(events) ? List.of() : Files.readAllLines(events, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(" " + run.value() + ".")).collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RunSummary awaitFinished(RunId id) throws InterruptedException {
        await("run " + id + " finished", Duration.ofSeconds(90),
                () -> coordinator.run(id).orElseThrow().state().isFinished());
        return coordinator.run(id).orElseThrow();
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + limit + ": " + what);
            }
            Thread.sleep(100);
        }
    }
}
