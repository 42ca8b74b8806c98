package io.dtf.shell.impl;

import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.Requirements;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "dtf", name = "task", description = "Shows a task: definition, attempts, failed test cases and log tail.")
@Service
public class TaskCommand extends DtfAction {
    /** How much of a local log file is read to find its last lines. */
    static final int TAIL_BYTES = 64 * 1024;

    @Argument(index = 0, name = "task-id", required = true, description = "The task, e.g. r3.2")
    @Completion(TaskIdCompleter.class)
    String taskId;

    @Option(name = "--lines", aliases = "-n", description = "How many log lines to show")
    int lines = 20;

    @Override
    void run(PrintStream out) {
        Task t = requireTask(taskId);
        ZoneId zone = clock.getZone();
        out.println("Task " + t.id() + "  " + t.name() + "  " + t.state());
        if (t.waiting() != null) {
            out.println("  waiting:      " + t.waiting());
        }
        out.println("  run:          " + t.runId() + "   type: " + t.type() + "   tenant: " + Format.orNone(t.tenant())
                + "   priority: " + t.priority());
        for (Map.Entry<String, Object> e : t.spec().entrySet()) {
            out.println("  " + pad(e.getKey() + ":") + " " + String.valueOf(e.getValue()).replace("\n", "\n" + " ".repeat(16)));
        }
        out.println("  requirements: " + requirements(t.requirements()));
        out.println("  timeout:      " + Format.duration(t.timeout()) + "   deadline: "
                + Format.timestamp(t.deadline(), zone) + "   attempt: " + Format.attempt(t));
        out.println("  worker:       " + Format.orNone(t.worker()));
        out.println("  created:      " + Format.timestamp(t.createdAt(), zone) + "   started: "
                + Format.timestamp(t.startedAt(), zone) + "   finished: " + Format.timestamp(t.finishedAt(), zone)
                + "   duration: " + Format.duration(Format.taskDuration(t, now())));
        TaskResult r = t.result();
        if (r != null) {
            out.println("  result:       " + r.status() + "   exit: " + Format.orNone(r.exitCode())
                    + (r.message() != null ? "   " + Format.firstLine(r.message(), 200) : ""));
            if (!r.testCases().isEmpty()) {
                out.println("  tests:        " + r.testCases().size());
            }
            if (!r.artifacts().isEmpty()) {
                out.println("  artifacts:    " + String.join(", ", r.artifacts()));
            }
        }

        List<AttemptRecord> attempts = coordinator.attempts(t.id());
        out.println();
        out.println("Attempts:");
        ShellTable table = new ShellTable().emptyTableText("No attempt yet");
        table.column("#").alignRight();
        table.column("Worker");
        table.column("State");
        table.column("Started");
        table.column("Duration").alignRight();
        table.column("Exit").alignRight();
        table.column("Message").maxSize(60);
        for (AttemptRecord a : attempts) {
            table.addRow().addContent(a.attempt().attempt(), Format.orNone(a.worker()),
                    a.preempted() ? "PREEMPTED" : Format.orNone(a.state()),
                    Format.timestamp(a.startedAt(), zone),
                    Format.between(a.startedAt(), a.finishedAt() != null ? a.finishedAt() : now()),
                    Format.orNone(a.exitCode()), Format.firstLine(a.message(), 60));
        }
        table.print(out);

        printFailedTests(out, null, t.id());

        String logPath = r != null && r.logPath() != null ? r.logPath()
                : attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).logPath();
        out.println();
        out.println("Log: " + Format.orNone(logPath));
        String tail = r != null && r.logTail() != null && !r.logTail().isEmpty() ? r.logTail() : localTail(logPath);
        if (tail != null && !tail.isEmpty()) {
            out.println("Log tail:");
            out.println(Format.tail(tail, lines));
        }
    }

    private static String pad(String label) {
        return String.format("%-13s", label);
    }

    private static String requirements(Requirements q) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("os", q.os());
        set.put("arch", q.arch());
        set.put("cpus", q.cpus());
        set.put("memoryMb", q.memoryMb());
        set.put("labels", q.labels().isEmpty() ? null : Format.labels(q.labels()));
        set.put("browser", q.browser());
        set.put("webgpu", q.webgpu());
        set.put("webnn", q.webnn());
        set.values().removeIf(v -> v == null);
        return set.isEmpty() ? "none" : set.toString().replaceAll("^\\{|\\}$", "");
    }

    /** The end of a log file that is on this machine (the embedded worker's), or null. */
    static String localTail(String logPath) {
        if (logPath == null) {
            return null;
        }
        Path path = Paths.get(logPath);
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return start > 0 ? text.substring(text.indexOf('\n') + 1) : text;
        } catch (IOException e) {
            return null;
        }
    }
}
