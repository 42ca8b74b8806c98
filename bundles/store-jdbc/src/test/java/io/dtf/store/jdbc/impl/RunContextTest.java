package io.dtf.store.jdbc.impl;

import static io.dtf.store.jdbc.impl.Fixtures.T0;
import static io.dtf.store.jdbc.impl.Fixtures.tasks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dtf.api.task.CIContext;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.RunQuery;
import io.dtf.api.task.RunSummary;
import io.dtf.api.task.TestRun;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schema 5: a run's CI context read back as it was stored, and runs found by labels and context. */
class RunContextTest extends StoreTestBase {
    private static final CIContext PULL_REQUEST = new CIContext("github", "acme/shop", "4f2a9c1", "feature/cart", 42,
            "9876543210", URI.create("https://github.com/acme/shop/actions/runs/9876543210"),
            Map.of("apiUrl", "https://api.github.com", "runAttempt", "2"));
    private static final CIContext MAIN = new CIContext("gitlab", "acme/shop", "77e0d3b", "main", null, "1234", null,
            Map.of());

    private RunId submit(String tenant, Map<String, String> labels, CIContext ci) {
        RunId id = store.nextRunId();
        store.createRun(new TestRun(id, "plan-" + id, labels, tenant, null, T0, "name: x", ci), tasks(id, 1, tenant));
        return id;
    }

    private List<RunId> find(RunQuery query) {
        return store.runs(query).stream().map(r -> r.run().id()).toList();
    }

    private static RunQuery labels(Map<String, String> labels) {
        return new RunQuery(null, null, labels, null, null, null, null, null);
    }

    @Test
    void theCiContextIsReadBackWhole() {
        RunId pr = submit("web", Map.of(), PULL_REQUEST);
        RunId main = submit("web", Map.of(), MAIN);
        RunId none = submit("web", Map.of("team", "web"), null);

        assertEquals(PULL_REQUEST, store.run(pr).orElseThrow().ci());
        assertEquals(PULL_REQUEST, store.runSummary(pr).orElseThrow().run().ci());
        assertEquals(MAIN, store.run(main).orElseThrow().ci(), "no pull request, build URL or attributes");
        assertNull(store.run(none).orElseThrow().ci());
        List<RunSummary> listed = store.runs(RunQuery.all(Page.FIRST));
        assertEquals(List.of(none, main, pr), listed.stream().map(r -> r.run().id()).toList());
        assertEquals(PULL_REQUEST, listed.get(2).run().ci());
        assertEquals(Map.of("team", "web"), listed.get(0).run().labels());
    }

    @Test
    void runsAreFoundByEveryLabelAsked() {
        RunId web = submit("default", Map.of("team", "web", "nightly", "true"), null);
        RunId db = submit("default", Map.of("team", "db", "nightly", "true"), null);
        RunId webOnDemand = submit("default", Map.of("team", "web"), null);
        submit("default", Map.of(), null);

        assertEquals(List.of(webOnDemand, web), find(labels(Map.of("team", "web"))));
        assertEquals(List.of(db, web), find(labels(Map.of("nightly", "true"))));
        assertEquals(List.of(web), find(labels(Map.of("team", "web", "nightly", "true"))), "labels are ANDed");
        assertEquals(List.of(), find(labels(Map.of("team", "web", "nightly", "false"))));
        assertEquals(List.of(), find(labels(Map.of("Team", "web"))), "names are exact");
        assertEquals(List.of(web), find(new RunQuery(null, new Page(1, 1), Map.of("team", "web"), null, null, null,
                null, null)), "paged after filtering, newest first");
    }

    @Test
    void runsAreFoundByTheirCiContextWithTenantAndLabels() {
        RunId pr = submit("web", Map.of("suite", "smoke"), PULL_REQUEST);
        RunId main = submit("web", Map.of("suite", "smoke"), MAIN);
        RunId other = submit("db", Map.of(), new CIContext("github", "acme/db", "4f2a9c1", "main", 7, null, null,
                null));
        submit("web", Map.of(), null);

        assertEquals(List.of(other, pr), find(new RunQuery(null, null, Map.of(), "github", null, null, null, null)));
        assertEquals(List.of(main, pr), find(new RunQuery(null, null, Map.of(), null, "acme/shop", null, null, null)));
        assertEquals(List.of(other, pr), find(new RunQuery(null, null, Map.of(), null, null, "4f2a9c1", null, null)));
        assertEquals(List.of(other, main), find(new RunQuery(null, null, Map.of(), null, null, null, "main", null)));
        assertEquals(List.of(pr), find(new RunQuery(null, null, Map.of(), null, null, null, null, 42)));
        assertEquals(List.of(pr), find(new RunQuery("web", null, Map.of("suite", "smoke"), "github", "acme/shop",
                "4f2a9c1", "feature/cart", 42)), "every filter at once");
        assertEquals(List.of(), find(new RunQuery("db", null, Map.of(), null, "acme/shop", null, null, null)));
        assertEquals(List.of(), find(new RunQuery(null, null, Map.of(), null, null, null, null, 43)));
    }
}
