package io.dtf.rest.impl.workers;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.AttemptResult;
import io.dtf.api.worker.PollResult;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.api.worker.WorkerReports;
import io.dtf.http.protocol.WorkerProtocol.LogChunk;
import io.dtf.http.protocol.WorkerProtocol.PollRequest;
import io.dtf.http.protocol.WorkerProtocol.ReportAnswer;
import io.dtf.http.protocol.WorkerProtocol.ReportRequest;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Ids;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.RestError;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worker protocol: {@link WorkerGateway} over HTTP, the calls a remote worker makes (register,
 * long poll, reports, log chunks, draining, unregister), each body checked with every problem named.
 */
public final class WorkerProtocolRoutes implements AutoCloseable {
    static final Duration DEFAULT_POLL_WAIT = Duration.ofSeconds(20);
    static final int MAX_SLOTS = 10_000;
    /** Reports in one request at most; a worker sends more in several. */
    static final int MAX_REPORTS = 1_000;

    private final RequiredService<WorkerGateway> gateway;
    private final Limits limits;
    private final LongPolls polls;

    public WorkerProtocolRoutes(RequiredService<WorkerGateway> gateway, Limits limits) {
        this.gateway = gateway;
        this.limits = limits;
        this.polls = new LongPolls(limits.maxConcurrentPolls());
    }

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        long results = limits.maxResultBytes();
        String worker = Router.V1 + "/workers/{workerId}";
        router.add("POST", Router.V1 + "/workers", Role.WORKER, body, Set.of(), this::register)
                .add("POST", worker + "/poll", Role.WORKER, results, Set.of(), this::poll)
                .add("POST", worker + "/reports", Role.WORKER, results, Set.of(), this::reports)
                .add("POST", worker + "/started", Role.WORKER, body, Set.of(), this::started)
                .add("POST", worker + "/log", Role.WORKER, body, Set.of(), this::appendLog)
                .add("POST", worker + "/completed", Role.WORKER, results, Set.of(), this::completed)
                .add("POST", worker + "/draining", Role.WORKER, body, Set.of(), this::draining)
                .add("DELETE", worker, Role.WORKER, body, Set.of(), this::unregister);
    }

    @Override
    public void close() {
        polls.close();
    }

    private void register(Exchange ex) throws IOException {
        WorkerInfo info = ex.json(WorkerInfo.class);
        List<Problem> problems = new ArrayList<>();
        try {
            Ids.worker(info.id().value());
        } catch (DtfException e) {
            problems.add(new Problem("id", e.getMessage()));
        }
        if (info.name() == null || info.name().isBlank()) {
            problems.add(new Problem("name", "is required"));
        }
        checkLength(problems, "name", info.name(), 200);
        checkLength(problems, "host", info.host(), 255);
        if (info.slots() > MAX_SLOTS) {
            problems.add(new Problem("slots", "at most " + MAX_SLOTS));
        } else if (info.slots() + info.prefetch() > MAX_SLOTS) {
            problems.add(new Problem("prefetch", "slots and prefetch together at most " + MAX_SLOTS));
        }
        if (!problems.isEmpty()) {
            throw RestError.invalid("the worker is not valid", problems);
        }
        gateway.get().register(info);
        ex.noContent();
    }

    private static void checkLength(List<Problem> problems, String location, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(new Problem(location, "longer than " + max + " characters"));
        }
    }

    private void poll(Exchange ex) throws IOException {
        WorkerId worker = ex.path("workerId", Ids::worker);
        PollRequest body = ex.json(PollRequest.class);
        List<Problem> problems = new ArrayList<>();
        if (body.freeSlots() == null) {
            problems.add(new Problem("freeSlots", "is required"));
        } else if (body.freeSlots() < 0 || body.freeSlots() > MAX_SLOTS) {
            problems.add(new Problem("freeSlots", "must be between 0 and " + MAX_SLOTS + ", not " + body.freeSlots()));
        }
        List<TaskAttempt> running = body.running() == null ? List.of() : body.running();
        for (int i = 0; i < running.size(); i++) {
            if (running.get(i) == null) {
                problems.add(new Problem("running[" + i + "]", "must not be null"));
            }
        }
        if (running.size() > MAX_SLOTS) {
            problems.add(new Problem("running", "at most " + MAX_SLOTS + " attempts"));
        }
        WorkerReports reports = reports(body.started(), body.completed(), body.returned(), problems);
        Duration wait = body.maxWait() == null ? DEFAULT_POLL_WAIT : body.maxWait();
        if (wait.isNegative()) {
            problems.add(new Problem("maxWait", "must not be negative, not " + wait));
        }
        if (!problems.isEmpty()) {
            throw RestError.invalid("the poll is not valid", problems);
        }
        Duration capped = wait.compareTo(limits.maxPollWait()) > 0 ? limits.maxPollWait() : wait;
        int free = body.freeSlots();
        WorkerGateway g = gateway.get();
        polls.answer(ex, capped, worker, () -> pollNow(g, worker, reports, free, running, capped));
    }

    private static PollResult pollNow(WorkerGateway gateway, WorkerId worker, WorkerReports reports, int free,
                                      List<TaskAttempt> running, Duration wait) {
        try {
            return gateway.poll(worker, reports, free, running, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestError(ErrorCode.STORE_UNAVAILABLE, "the REST API is stopping; poll again", List.of(),
                    Map.of("Retry-After", "1"));
        }
    }

    private void reports(Exchange ex) throws IOException {
        WorkerId worker = ex.path("workerId", Ids::worker);
        ReportRequest body = ex.json(ReportRequest.class);
        List<Problem> problems = new ArrayList<>();
        int free = body.freeSlots() == null ? 0 : body.freeSlots();
        if (free < 0 || free > MAX_SLOTS) {
            problems.add(new Problem("freeSlots", "must be between 0 and " + MAX_SLOTS + ", not " + free));
        }
        WorkerReports reports = reports(body.started(), body.completed(), body.returned(), problems);
        if (!problems.isEmpty()) {
            throw RestError.invalid("the reports are not valid", problems);
        }
        PollResult answer = gateway.get().report(worker, reports, free);
        ex.ok(new ReportAnswer(answer.refused(), answer.leases()));
    }

    /** The reports of a poll or of {@code /reports}, with a problem for each missing part. */
    private static WorkerReports reports(List<TaskAttempt> started, List<AttemptResult> completed,
                                         List<TaskAttempt> returned, List<Problem> problems) {
        int before = problems.size();
        notNull("started", started, problems);
        notNull("completed", completed, problems);
        notNull("returned", returned, problems);
        if (size(started) + size(completed) + size(returned) > MAX_REPORTS) {
            problems.add(new Problem("", "at most " + MAX_REPORTS + " reports at once"));
        }
        return problems.size() > before ? WorkerReports.NONE : new WorkerReports(started, completed, returned);
    }

    private static void notNull(String location, List<?> items, List<Problem> problems) {
        for (int i = 0; items != null && i < items.size(); i++) {
            if (items.get(i) == null) {
                problems.add(new Problem(location + "[" + i + "]", "must not be null"));
            }
        }
    }

    private static int size(List<?> items) {
        return items == null ? 0 : items.size();
    }

    private void started(Exchange ex) throws IOException {
        WorkerId worker = ex.path("workerId", Ids::worker);
        TaskAttempt attempt = ex.json(TaskAttempt.class);
        gateway.get().started(worker, attempt);
        ex.noContent();
    }

    private void appendLog(Exchange ex) throws IOException {
        WorkerId worker = ex.path("workerId", Ids::worker);
        LogChunk chunk = ex.json(LogChunk.class);
        requirePresent("the log chunk", "attempt", chunk.attempt(), "text", chunk.text());
        if (chunk.offset() == null) {
            gateway.get().appendLog(worker, chunk.attempt(), chunk.text());
        } else if (chunk.offset() < 0) {
            throw RestError.invalid("the log chunk is not valid", List.of(new Problem("offset",
                    "must not be negative, not " + chunk.offset())));
        } else {
            gateway.get().appendLog(worker, chunk.attempt(), chunk.offset(), chunk.text());
        }
        ex.noContent();
    }

    private void completed(Exchange ex) throws IOException {
        WorkerId worker = ex.path("workerId", Ids::worker);
        AttemptResult completion = ex.json(AttemptResult.class);
        if (!gateway.get().report(worker, new WorkerReports(List.of(), List.of(completion))).isEmpty()) {
            throw WorkerGateway.refused(worker, completion.attempt());
        }
        ex.noContent();
    }

    /** 400 naming every one of the (name, value) pairs whose value is missing. */
    private static void requirePresent(String what, Object... namesAndValues) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                problems.add(new Problem((String) namesAndValues[i], "is required"));
            }
        }
        if (!problems.isEmpty()) {
            throw RestError.invalid(what + " is not valid", problems);
        }
    }

    private void draining(Exchange ex) {
        gateway.get().draining(ex.path("workerId", Ids::worker));
        ex.noContent();
    }

    private void unregister(Exchange ex) {
        gateway.get().unregister(ex.path("workerId", Ids::worker));
        ex.noContent();
    }
}
