package io.dtf.connector.jira.impl;

import io.dtf.connector.jira.testing.FakeJira;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.jira.impl.StoredRuns.MAIN;
import static io.dtf.connector.jira.impl.StoredRuns.T0;
import static io.dtf.connector.jira.impl.StoredRuns.completed;
import static io.dtf.connector.jira.impl.StoredRuns.failed;
import static io.dtf.connector.jira.impl.StoredRuns.passed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookFailure;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TestId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reports of finished runs ({@link FinishedRuns}) from the real store (H2) to a Jira Cloud project that keeps what is
 * done to it ({@link FakeJira}, on WireMock): issues made, found again, commented on and moved on, by the connector's
 * real HTTP calls.
 */
class FinishedRunsTest {
    private static final String CREATE = "/rest/api/3/issue";

    private final FakeJira fake = new FakeJira();
    @RegisterExtension
    final WireMockExtension jira = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().extensions(fake))
            .build();

    private StoredRuns runs;
    private final List<JiraConnector> connectors = new ArrayList<>();
    private JiraConnector connector;

    @BeforeEach
    void open() {
        jira.stubFor(any(anyUrl()).willReturn(ok()));
        runs = new StoredRuns();
        connector = connector(Map.of());
    }

    @AfterEach
    void close() {
        connectors.forEach(JiraConnector::deactivate);
        runs.close();
    }

    @Test
    void eachFailingTestGetsOneIssueAndARerunWithTheSameFailuresComments() throws Exception {
        RunId first = runs.run("nightly-api", MAIN, failed("logsIn"), failed("paysByCard"), passed("listsItems"));
        connector.on(completed(first));

        assertEquals(2, fake.issues().size());
        FakeJira.Issue logsIn = fake.issues().get(0);
        String label = TestIssues.label("dtf-test-", TestId.of("org.example.ShopTest", "logsIn"));
        assertEquals(List.of("dtf", "dtf-test", label), logsIn.labels());
        assertTrue(logsIn.description().toString().contains("DTF event " + first.value() + ":RUN_COMPLETED/"
                + TestId.of("org.example.ShopTest", "logsIn").value()), logsIn.description().toString());
        assertTrue(logsIn.description().toString().contains("logsIn broke"), "the failure's message");
        assertEquals(0, fake.comments());

        RunId again = runs.run("nightly-api", MAIN, failed("logsIn"), failed("paysByCard"), passed("listsItems"));
        connector.on(completed(again));

        assertEquals(2, fake.issues().size(), "no new issue for a test that fails again");
        assertEquals(1, logsIn.comments().size());
        assertEquals(1, fake.issues().get(1).comments().size());
        assertTrue(logsIn.comments().get(0).toString().contains("Failed again in run "), logsIn.comments().get(0).toString());
        jira.verify(2, postRequestedFor(urlEqualTo(CREATE)));
    }

    @Test
    void testsThatPassAgainMoveTheirOpenIssuesOn() throws Exception {
        connector.on(completed(runs.run("nightly-api", MAIN, failed("logsIn"), failed("paysByCard"), failed("ships"))));
        assertEquals(3, fake.issues().size());

        RunId fixed = runs.run("nightly-api", MAIN, passed("logsIn"), passed("paysByCard"), passed("listsItems"));
        connector.on(completed(fixed));

        assertTrue(fake.issues().get(0).isDone());
        assertTrue(fake.issues().get(1).isDone());
        assertFalse(fake.issues().get(2).isDone(), "ships did not run: its issue stays open");
        assertTrue(fake.issues().get(0).comments().get(0).toString().contains("passes again"));
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/issue/SHOP-1/transitions")));
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/issue/SHOP-2/transitions")));
        jira.verify(0, postRequestedFor(urlEqualTo("/rest/api/3/issue/SHOP-3/transitions")));
        // one search for the open DTF issues per run reported
        jira.verify(2, postRequestedFor(urlEqualTo("/rest/api/3/search/jql")).withRequestBody(containing(
                "project = \\\"SHOP\\\" AND labels = \\\"dtf-test\\\" AND statusCategory != Done")));
    }

    @Test
    void theSameEventDeliveredAgainAfterACrashWritesNothingTwice() throws Exception {
        RunId failing = runs.run("nightly-api", MAIN, failed("logsIn"), failed("paysByCard"));
        connector.on(completed(failing));
        connector.on(completed(failing));
        JiraConnector afterRestart = connector(Map.of()); // nothing in memory: only what Jira holds
        afterRestart.on(completed(failing));
        assertEquals(2, fake.issues().size());
        assertEquals(0, fake.comments(), "a redelivered event comments nothing");

        RunId again = runs.run("nightly-api", MAIN, failed("logsIn"), failed("paysByCard"));
        connector.on(completed(again));
        connector(Map.of()).on(completed(again));
        assertEquals(2, fake.comments(), "one comment per test for the rerun, however often its event comes");

        RunId fixed = runs.run("nightly-api", MAIN, passed("logsIn"), passed("paysByCard"));
        connector.on(completed(fixed));
        connector(Map.of()).on(completed(fixed));
        assertEquals(4, fake.comments());
        jira.verify(2, postRequestedFor(urlEqualTo(CREATE)));
        assertTrue(fake.issues().stream().allMatch(FakeJira.Issue::isDone));
    }

    @Test
    void aRetryAfterAFailureJiraMayGetOverReportsOnlyWhatIsLeft() throws Exception {
        RunId failing = runs.run("nightly-api", MAIN, failed("logsIn"), failed("paysByCard"));
        fake.fail("POST", CREATE, 1, 500); // a POST is not tried again by the client on a 500: the hook must

        HookFailure retry = assertThrows(HookFailure.class, () -> connector.on(completed(failing)));
        assertFalse(retry.permanent(), retry.getMessage());
        assertTrue(retry.getMessage().contains("1 tests reported so far"), retry.getMessage());
        assertEquals(1, fake.issues().size());

        connector.on(completed(failing));
        assertEquals(2, fake.issues().size());
        String logsInLabel = TestIssues.label("dtf-test-", TestId.of("org.example.ShopTest", "logsIn"));
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/search/jql")).withRequestBody(containing(logsInLabel)));
    }

    @Test
    void aTransitionTheWorkflowLacksParksTheEventAfterTheOtherReports() throws Exception {
        connector.on(completed(runs.run("nightly-api", MAIN, failed("logsIn"))));
        JiraConnector closing = connector(Map.of("transitionOnPass", "Close Issue"));
        HookFailure parked = assertThrows(HookFailure.class,
                () -> closing.on(completed(runs.run("nightly-api", MAIN, passed("logsIn")))));
        assertTrue(parked.permanent());
        assertTrue(parked.getMessage().contains("has no transition 'Close Issue' now; it has: Done"), parked.getMessage());
    }

    @Test
    void runsThatReportRunsDoesNotSelectCallNothing() throws Exception {
        connector.on(completed(runs.run("smoke", MAIN, failed("logsIn"))));
        connector.on(completed(runs.run("nightly-api", null, failed("logsIn")))); // no branch
        connector(Map.of("reportRuns", new String[0])).on(completed(runs.run("nightly-api", MAIN, failed("logsIn"))));
        connector.on(new DtfEvent(HookType.RUN_SUBMITTED, T0, runs.run("nightly-api", MAIN, failed("logsIn")), null, null,
                Severity.INFO, Map.of()));
        assertEquals(List.of(), jira.getAllServeEvents());
    }

    @Test
    void moreFailuresThanTheCapReportOnlyTheFirstOnes() throws Exception {
        TestCaseResult[] broken = new TestCaseResult[30];
        for (int i = 0; i < broken.length; i++) {
            broken[i] = failed("breaks" + i);
        }
        connector(Map.of("maxIssuesPerRun", 3)).on(completed(runs.run("nightly-api", MAIN, broken)));
        assertEquals(3, fake.issues().size());
        assertTrue(fake.issues().get(0).description().toString().contains("breaks0"));
    }

    @Test
    void reportRunsThatIsNoMatcherIsRefusedNamingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> connector(Map.of("reportRuns", new String[] {"run_name=~nightly-.*, main"})));
        assertEquals("io.dtf.connector.jira: reportRuns: 'main' is no matcher: write label=value or label=~regex "
                + "(matchers are separated by commas, e.g. run_name=~nightly-.*, branch=main)", refused.getMessage());
    }

    // ---- the connector

    private JiraConnector connector(Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of("baseUrl", jira.baseUrl(), "deployment", "cloud",
                "email", JiraFixture.EMAIL, ".apiToken", JiraFixture.API_TOKEN, "projectKey", "SHOP",
                "reportRuns", new String[] {"run_name=~nightly-.*, branch=main"}));
        settings.putAll(more);
        JiraConnector made = JiraFixture.connector(runs.store, JiraFixture.time(), settings);
        connectors.add(made);
        return made;
    }
}
