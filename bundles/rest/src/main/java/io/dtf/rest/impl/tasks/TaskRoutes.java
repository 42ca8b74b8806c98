package io.dtf.rest.impl.tasks;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Ids;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.Paged;
import io.dtf.rest.impl.http.Query;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.Responses;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tasks across runs: list, read one with its attempts, cancel one, and serve an attempt's log. */
public record TaskRoutes(RequiredService<Coordinator> coordinator, Limits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRoutes.class);
    static final int MAX_TAIL_LINES = 100_000;

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        String tasks = Router.V1 + "/tasks";
        router.add("GET", tasks, Role.VIEWER, body, Query.pageAnd("run", "state", "worker"), this::tasks)
                .add("GET", tasks + "/{taskId}", Role.VIEWER, body, Set.of(), this::task)
                .add("GET", tasks + "/{taskId}/attempts", Role.VIEWER, body, Query.PAGE, this::attempts)
                .add("POST", tasks + "/{taskId}/cancel", Role.SUBMITTER, body, Set.of(), this::cancel)
                .add("GET", tasks + "/{taskId}/log", Role.VIEWER, body, Set.of("attempt", "tail"), this::log);
    }

    private Task requireTask(TaskId id) {
        return coordinator.get().task(id).orElseThrow(() -> DtfException.notFound("task", id));
    }

    private void tasks(Exchange ex) throws IOException {
        Query q = ex.query();
        RunId run = q.parsed("run", RunId::parse);
        Set<TaskState> states = q.enums("state", TaskState.class);
        WorkerId worker = q.parsed("worker", Ids::worker);
        Page page = q.page();
        q.check();
        List<Task> tasks = coordinator.get().tasks(new TaskQuery(run, states, worker, page));
        ex.ok(new Paged<>(tasks, page.offset(), page.limit(), null));
    }

    private void task(Exchange ex) throws IOException {
        ex.ok(requireTask(ex.path("taskId", TaskId::parse)));
    }

    private void attempts(Exchange ex) throws IOException {
        TaskId id = ex.path("taskId", TaskId::parse);
        Query q = ex.query();
        Page page = q.page();
        q.check();
        List<AttemptRecord> attempts = coordinator.get().attempts(id);
        if (attempts.isEmpty()) {
            requireTask(id);
        }
        ex.ok(Paged.window(attempts, page));
    }

    private void cancel(Exchange ex) throws IOException {
        TaskId id = ex.path("taskId", TaskId::parse);
        boolean cancelled = coordinator.get().cancel(id);
        LOG.info("Task {} cancel over REST by the {}: {}", id, ex.caller.name(), cancelled ? "cancelled"
                : "already finished");
        ex.ok(Map.of("cancelled", cancelled));
    }

    private void log(Exchange ex) throws IOException {
        TaskId id = ex.path("taskId", TaskId::parse);
        Query q = ex.query();
        int attempt = q.integer("attempt", 1, 1_000_000, 0);
        int tail = q.integer("tail", 1, MAX_TAIL_LINES, 0);
        q.check();
        Task task = requireTask(id);
        if (task.attempt() == 0) {
            throw new DtfException(ErrorCode.NOT_FOUND, "task " + id + " has not run yet: it has no log");
        }
        int number = attempt == 0 ? task.attempt() : attempt;
        if (number > task.attempt()) {
            throw new DtfException(ErrorCode.NOT_FOUND, "task " + id + " has no attempt " + number
                    + " (it is at attempt " + task.attempt() + ")");
        }
        TaskAttempt which = new TaskAttempt(id, number);
        Path file = coordinator.get().logFile(which);
        byte[] text;
        try {
            if (tail > 0) {
                text = LogTail.tail(file, tail);
            } else {
                ex.response.setStatus(200);
                ex.response.setContentType(Responses.TEXT);
                ex.response.setHeader("Cache-Control", "no-store");
                ex.response.setHeader("Content-Disposition", "inline; filename=\"" + id + "-" + number + ".log\"");
                ex.response.setContentLengthLong(Files.size(file));
                try (OutputStream out = ex.response.getOutputStream()) {
                    Files.copy(file, out);
                }
                return;
            }
        } catch (NoSuchFileException e) {
            TaskResult result = task.result();
            if (number != task.attempt() || result == null || result.logTail() == null) {
                throw new DtfException(ErrorCode.NOT_FOUND, "no log is kept for attempt " + which);
            }
            String lines = LogTail.lastLines(result.logTail(), tail);
            // a tail is kept without its last line end; served, it reads as a file does
            text = (lines.isEmpty() || lines.endsWith("\n") ? lines : lines + "\n").getBytes(StandardCharsets.UTF_8);
        }
        Responses.bytes(ex.response, 200, Responses.TEXT, text);
    }
}
