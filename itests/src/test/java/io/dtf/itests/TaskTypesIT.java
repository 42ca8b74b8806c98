package io.dtf.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskQuery;
import java.time.Duration;
import java.util.List;
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

/**
 * A task type's plan keys come from its bundle: in {@code dtf-core}, the {@code junit} keys are checked and a
 * {@code split} made into shards by {@code io.dtf.executor.junit}'s TaskTypeDefinition, and a plan with the type is
 * refused while that bundle is stopped.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TaskTypesIT {
    private static final String SPLIT = String.join("\n",
            "name: split",
            "tasks:",
            "  - name: lang",
            "    type: junit",
            "    classpath: [/nowhere/lib.jar]",
            "    select: {classes: [p.ATest, p.BTest, p.CTest]}",
            "    split: {by: class, shards: 2}",
            "    timeout: 1m");

    @Inject
    private Coordinator coordinator;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() throws Exception {
        return StockKaraf.withFeatures(new String[] {"dtf-core"});
    }

    @Test
    public void theJunitBundleChecksAndSplitsJunitTasksWhileItIsThere() throws Exception {
        assertEquals(List.of("tasks[0].split.by: must be 'class' (the only way a junit task is split)"),
                refused(SPLIT.replace("by: class", "by: method")));
        assertEquals(List.of("lang-1", "lang-2"), shardsOf(SPLIT));

        Bundle junit = bundle("io.dtf.executor.junit");
        junit.stop();
        try {
            awaitRefusedWith("tasks[0].type: task type 'junit' is not installed (installed: command)");
        } finally {
            junit.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                assertEquals(List.of("lang-1", "lang-2"), shardsOf(SPLIT));
                return;
            } catch (DtfException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    /** The names of the tasks of the run the plan became; the run is cancelled (its class path is nowhere). */
    private List<String> shardsOf(String plan) {
        RunId id = coordinator.submit(plan, "split.yaml").run().id();
        coordinator.cancel(id);
        return coordinator.tasks(TaskQuery.ofRun(id, Page.FIRST)).stream().map(Task::name)
                .collect(Collectors.toList());
    }

    private List<String> refused(String plan) {
        try {
            coordinator.submit(plan, "split.yaml");
        } catch (DtfException e) {
            assertEquals(ErrorCode.INVALID_PLAN, e.code());
            return e.problems().stream().map(Object::toString).collect(Collectors.toList());
        }
        fail("accepted: " + plan);
        return List.of();
    }

    private void awaitRefusedWith(String problem) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                coordinator.cancel(coordinator.submit(SPLIT, "split.yaml").run().id()); // not unbound yet
            } catch (DtfException e) {
                if (e.problems().stream().map(Object::toString).collect(Collectors.toList()).equals(List.of(problem))) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                fail("not refused with '" + problem + "' within 30 s of stopping the junit bundle");
            }
            Thread.sleep(100);
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }
}
