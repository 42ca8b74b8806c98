package io.dtf.rest.impl.tests;

import io.dtf.api.DtfException;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.SlowestTestsQuery;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseStatus;
import io.dtf.api.task.TestId;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.Paged;
import io.dtf.rest.impl.http.Query;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.Responses;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Test-level results: a run's tests with every attempt, a test's history across runs, the slowest tests, and a
 * run's merged JUnit XML.
 */
public record TestRoutes(RequiredService<Coordinator> coordinator, Limits limits) {
    static final String XML = "application/xml; charset=utf-8";
    static final int DEFAULT_HISTORY = 20;
    static final int DEFAULT_SLOWEST = 20;

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        String runs = Router.V1 + "/runs/{runId}";
        String tests = Router.V1 + "/tests";
        router.add("GET", runs + "/tests", Role.VIEWER, body, Query.pageAnd("attempts", "status", "task"), this::runTests)
                .add("GET", runs + "/junit.xml", Role.VIEWER, body, Set.of(), this::junitXml)
                .add("GET", tests + "/slowest", Role.VIEWER, body, Set.of("run", "runs", "limit"), this::slowest)
                .add("GET", tests + "/{testId}/history", Role.VIEWER, body, Set.of("limit"), this::history);
    }

    /** {@code GET /runs/{id}/tests?attempts=all|latest}: latest unless asked for all. */
    private void runTests(Exchange ex) throws IOException {
        RunId id = ex.path("runId", RunId::parse);
        Query q = ex.query();
        String attempts = q.text("attempts", 10);
        Set<TestCaseStatus> statuses = q.enums("status", TestCaseStatus.class);
        TaskId task = q.parsed("task", TaskId::parse);
        Page page = q.page();
        if (attempts != null && !attempts.equals("all") && !attempts.equals("latest")) {
            q.problem("attempts", "must be all (every attempt of each task) or latest (its latest result), not '"
                    + Query.shorten(attempts) + "'");
        }
        if (task != null && !task.runId().equals(id)) {
            q.problem("task", "task " + task + " is not a task of run " + id);
        }
        q.check();
        requireRun(id);
        List<StoredTestCase> cases = coordinator.get().testCases(new TestCaseQuery(id, task, statuses, page,
                "all".equals(attempts)));
        ex.ok(new Paged<>(cases, page.offset(), page.limit(), null));
    }

    private void history(Exchange ex) throws IOException {
        TestId test = ex.path("testId", TestId::parse);
        Query q = ex.query();
        int limit = q.integer("limit", 1, Page.MAX_LIMIT, DEFAULT_HISTORY);
        q.check();
        ex.ok(new Paged<>(coordinator.get().testHistory(test, limit), 0, limit, null));
    }

    /** {@code GET /tests/slowest[?run=r1][&runs=20][&limit=20]}: in one run, or in the latest runs. */
    private void slowest(Exchange ex) throws IOException {
        Query q = ex.query();
        RunId run = q.parsed("run", RunId::parse);
        int runs = q.integer("runs", 1, SlowestTestsQuery.MAX_RECENT_RUNS, SlowestTestsQuery.DEFAULT_RECENT_RUNS);
        int limit = q.integer("limit", 1, Page.MAX_LIMIT, DEFAULT_SLOWEST);
        if (run != null && q.single("runs") != null) {
            q.problem("runs", "give either run (one run) or runs (the latest runs), not both");
        }
        q.check();
        if (run != null) {
            requireRun(run);
        }
        ex.ok(new Paged<>(coordinator.get().slowestTests(new SlowestTestsQuery(run, runs, limit)), 0, limit, null));
    }

    private void junitXml(Exchange ex) throws IOException {
        RunId id = ex.path("runId", RunId::parse);
        RunSummary run = requireRun(id);
        Coordinator c = coordinator.get();
        List<Task> tasks = all(page -> c.tasks(new TaskQuery(id, Set.of(), null, page)));
        List<StoredTestCase> latest = all(page -> c.testCases(new TestCaseQuery(id, null, Set.of(), page)));
        List<StoredTestCase> every = all(page -> c.testCases(new TestCaseQuery(id, null, Set.of(), page, true)));
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        new MergedJUnitXml(run, tasks, latest, every).write(xml);
        ex.response.setHeader("Content-Disposition", "inline; filename=\"" + id + "-junit.xml\"");
        Responses.bytes(ex.response, 200, XML, xml.toByteArray());
    }

    private RunSummary requireRun(RunId id) {
        return coordinator.get().run(id).orElseThrow(() -> DtfException.notFound("run", id));
    }

    /** Every item of a listing, page by page of the largest size. */
    private static <T> List<T> all(Function<Page, List<T>> listing) {
        List<T> items = new ArrayList<>();
        for (int offset = 0; ; offset += Page.MAX_LIMIT) {
            List<T> page = listing.apply(new Page(offset, Page.MAX_LIMIT));
            items.addAll(page);
            if (page.size() < Page.MAX_LIMIT) {
                return items;
            }
        }
    }
}
