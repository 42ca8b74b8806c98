package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestId;
import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "test-history", description = "Shows a test's latest outcomes across runs, newest "
        + "first: every attempt that ran it.")
@Service
public class TestHistoryCommand extends DtfAction {
    @Argument(index = 0, name = "test", required = true, description = "The test: its id (20 hex digits, the Test "
            + "column of dtf:tests) or class#name, e.g. org.example.LoginTest#logsIn()")
    String test;

    @Option(name = "--limit", aliases = "-n", description = "How many outcomes to show (1-1000)")
    int limit = 20;

    @Override
    void run(PrintStream out) {
        TestId id = testId(test);
        List<StoredTestCase> history = coordinator.testHistory(id, Format.page("--limit", limit).limit());
        if (!history.isEmpty()) {
            TestCaseResult r = history.get(0).result();
            out.println("Test " + id + "  " + Format.orNone(r.className()) + "#" + r.name());
        }
        ShellTable table = new ShellTable().emptyTableText("No outcomes of test " + id + " are kept");
        table.column("Run");
        table.column("Task");
        table.column("Attempt").alignRight();
        table.column("Worker");
        table.column("Finished");
        table.column("Status");
        table.column("Duration").alignRight();
        table.column("Message").maxSize(60);
        for (StoredTestCase c : history) {
            table.addRow().addContent(c.task().runId(), c.task(), c.attempt(), Format.orNone(c.worker()),
                    Format.timestamp(c.finishedAt(), clock.getZone()), c.result().status(),
                    Format.duration(c.result().duration()), Format.firstLine(c.result().message(), 60));
        }
        table.print(out);
    }

    /** A test id as typed: the id itself, or {@code class#name} (the name may hold further {@code #}). */
    static TestId testId(String text) {
        int hash = text.indexOf('#');
        if (hash > 0 && hash < text.length() - 1) {
            return TestId.of(text.substring(0, hash), text.substring(hash + 1));
        }
        if (hash >= 0) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "'" + text + "' names no test: give class#name, "
                    + "e.g. org.example.LoginTest#logsIn(), or the test's id");
        }
        return TestId.parse(text);
    }
}
