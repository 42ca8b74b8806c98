package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.RunId;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestCaseStatus;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "tests", description = "Lists a run's test cases with every attempt of each task, so "
        + "that a test that failed and then passed on a retry shows as such (flaky).")
@Service
public class TestsCommand extends DtfAction {
    @Argument(index = 0, name = "run", required = true, description = "The run id, e.g. r12")
    @Completion(RunIdCompleter.class)
    String runId;

    @Option(name = "--latest", description = "Only each task's latest result, not its earlier attempts")
    boolean latest;

    @Option(name = "--status", aliases = "-s", description = "Only test cases with these outcomes, e.g. FAILED,ERROR")
    String statuses;

    @Option(name = "--task", aliases = "-t", description = "Only the test cases of this task of the run")
    String task;

    @Option(name = "--limit", aliases = "-n", description = "How many test cases to show (1-1000)")
    int limit = 100;

    @Override
    void run(PrintStream out) {
        RunId run = requireRun(runId).run().id();
        TaskId taskId = task == null ? null : TaskId.parse(task);
        List<StoredTestCase> cases = coordinator.testCases(new TestCaseQuery(run, taskId,
                statuses(statuses), Format.page("--limit", limit), !latest));
        ShellTable table = new ShellTable().emptyTableText("No matching test cases");
        table.column("Test");
        table.column("Task");
        table.column("Class").maxSize(50);
        table.column("Name").maxSize(40);
        table.column("Attempt").alignRight();
        table.column("Worker");
        table.column("Status");
        table.column("Duration").alignRight();
        table.column("Note");
        table.column("Message").maxSize(60);
        Map<String, Boolean> failedBefore = new HashMap<>(); // task and test -> an earlier attempt failed
        for (StoredTestCase c : cases) {
            TestCaseResult r = c.result();
            String key = c.task() + "/" + c.test();
            boolean flaky = r.flaky() || r.status() == TestCaseStatus.PASSED && failedBefore.getOrDefault(key, false);
            failedBefore.merge(key, r.status().isFailure(), Boolean::logicalOr);
            table.addRow().addContent(c.test(), c.task(), Format.orNone(r.className()), r.name(), c.attempt(),
                    Format.orNone(c.worker()), r.status(), Format.duration(r.duration()), flaky ? "flaky" : "",
                    Format.firstLine(r.message(), 60));
        }
        table.print(out);
    }

    /** The outcomes of {@code --status}: names separated by commas or spaces, any case. */
    static Set<TestCaseStatus> statuses(String list) {
        Set<TestCaseStatus> statuses = EnumSet.noneOf(TestCaseStatus.class);
        for (String name : list == null ? new String[0] : list.split("[,\\s]+")) {
            if (!name.isEmpty()) {
                try {
                    statuses.add(TestCaseStatus.valueOf(name.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new DtfException(ErrorCode.INVALID_ARGUMENT, "unknown test outcome '" + name + "'; use one of "
                            + Arrays.toString(TestCaseStatus.values()));
                }
            }
        }
        return statuses;
    }
}
