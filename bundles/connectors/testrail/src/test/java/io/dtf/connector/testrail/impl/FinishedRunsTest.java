package io.dtf.connector.testrail.impl;

import io.dtf.connector.testrail.testing.FakeTestRail;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.testrail.impl.StoredRuns.MAIN;
import static io.dtf.connector.testrail.impl.StoredRuns.T0;
import static io.dtf.connector.testrail.impl.StoredRuns.completed;
import static io.dtf.connector.testrail.impl.StoredRuns.mapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.plugin.HookFailure;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TestCaseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reports of finished runs ({@link FinishedRuns}) from the real store (H2) to a TestRail project that keeps what is
 * done to it ({@link FakeTestRail}, on WireMock), by the connector's real HTTP calls: one TestRail run per DTF run,
 * however often its event comes and wherever the last delivery stopped.
 */
class FinishedRunsTest {
    private final FakeTestRail fake = new FakeTestRail(T0.plusSeconds(60));
    @RegisterExtension
    final WireMockExtension testrail = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(fake)).build();

    private StoredRuns runs;
    private final List<TestRailConnector> connectors = new ArrayList<>();
    private TestRailConnector connector;

    @BeforeEach
    void open() {
        testrail.stubFor(any(anyUrl()).willReturn(ok()));
        runs = new StoredRuns();
        connector = connector(Map.of());
    }

    @AfterEach
    void close() {
        connectors.forEach(TestRailConnector::deactivate);
        runs.close();
    }

    @Test
    void aFinishedRunBecomesOneClosedTestRailRunWithItsResults() throws Exception {
        RunId run = runs.run("nightly-api", MAIN, mapped("logsIn", TestCaseStatus.PASSED, "C1"),
                mapped("paysByCard", TestCaseStatus.FAILED, "C2"), TestRailFixture.test("unmapped", TestCaseStatus.PASSED, 5, Map.of()));

        connector.on(completed(run));

        assertEquals(1, fake.runs().size());
        FakeTestRail.Run made = fake.runs().get(0);
        assertEquals("nightly-api #" + run.value(), made.name);
        assertTrue(made.description.contains("[dtf-run:" + run.value() + "]"), made.description);
        assertTrue(made.description.contains("/api/v1/runs/" + run.value()), "the link to the DTF run: " + made.description);
        assertEquals(Map.of(1L, CaseResults.PASSED, 2L, CaseResults.FAILED), made.statuses);
        assertEquals(2, made.results);
        assertTrue(made.completed);
    }

    @Test
    void theSameEventDeliveredAgainMakesNoSecondRunAndAddsNoResultTwice() throws Exception {
        RunId run = runs.run("nightly-api", MAIN, mapped("logsIn", TestCaseStatus.PASSED, "C1"),
                mapped("paysByCard", TestCaseStatus.FAILED, "C2"));
        connector.on(completed(run));
        connector.on(completed(run));
        connector(Map.of()).on(completed(run)); // after a restart: nothing in memory

        assertEquals(1, fake.runs().size());
        assertEquals(2, fake.runs().get(0).results);
        testrail.verify(1, postRequestedFor(urlEqualTo("/index.php?/api/v2/add_run/7")));
        testrail.verify(1, postRequestedFor(urlEqualTo("/index.php?/api/v2/close_run/81")));
    }

    @Test
    void aDeliveryThatStoppedBeforeCloseRunIsContinuedWithoutAddingTheResultsAgain() throws Exception {
        RunId run = runs.run("nightly-api", MAIN, mapped("logsIn", TestCaseStatus.PASSED, "C1"),
                mapped("paysByCard", TestCaseStatus.FAILED, "C2"));
        fake.failNext("close_run", 500, "Internal server error");
        HookFailure retry = assertThrows(HookFailure.class, () -> connector.on(completed(run)));
        assertFalse(retry.permanent(), retry.getMessage());
        assertFalse(fake.runs().get(0).completed);

        connector(Map.of()).on(completed(run));

        assertEquals(1, fake.runs().size());
        assertEquals(2, fake.runs().get(0).results, "the results were in: none is added again");
        assertTrue(fake.runs().get(0).completed);
    }

    @Test
    void aDeliveryThatStoppedBetweenBatchesAddsOnlyTheMissingResults() throws Exception {
        RunId run = runs.run("nightly-api", MAIN, mapped("logsIn", TestCaseStatus.PASSED, "C1"),
                mapped("paysByCard", TestCaseStatus.FAILED, "C2"), mapped("ships", TestCaseStatus.SKIPPED, "C3"));
        TestRailConnector onePerRequest = connector(Map.of("resultsPerRequest", 1));
        fake.fail("add_results_for_cases", 1, 500, "Internal server error"); // after the first batch
        HookFailure retry = assertThrows(HookFailure.class, () -> onePerRequest.on(completed(run)));
        assertFalse(retry.permanent());

        onePerRequest.on(completed(run));

        assertEquals(1, fake.runs().size());
        assertEquals(Map.of(1L, CaseResults.PASSED, 2L, CaseResults.FAILED, 3L, CaseResults.BLOCKED), fake.runs().get(0).statuses);
        assertEquals(3, fake.runs().get(0).results, "each case's result once");
    }

    @Test
    void theMarkedRunIsFoundAmongManyOnLaterPagesOfGetRuns() throws Exception {
        RunId run = runs.run("nightly-api", MAIN, mapped("logsIn", TestCaseStatus.PASSED, "C1"));
        for (int i = 0; i < 2 * FakeTestRail.PAGE; i++) {
            fake.add("someone else's run " + i, "made by hand", List.of(1L));
        }
        fake.add("nightly-api #" + run.value(), "DTF run\n\n[dtf-run:" + run.value() + "]", List.of(1L));

        connector.on(completed(run));

        assertEquals(2 * FakeTestRail.PAGE + 1, fake.runs().size(), "no run made");
        FakeTestRail.Run marked = fake.runs().get(2 * FakeTestRail.PAGE);
        assertEquals(1, marked.results);
        assertTrue(marked.completed);
    }

    @Test
    void runsReportRunsDoesNotSelectAndRunsWithoutTestRailCasesCallNothing() throws Exception {
        connector.on(completed(runs.run("smoke", MAIN, mapped("logsIn", TestCaseStatus.PASSED, "C1"))));
        connector.on(completed(runs.run("nightly-api", null, mapped("logsIn", TestCaseStatus.PASSED, "C1"))));
        connector(Map.of("reportRuns", new String[0])).on(completed(runs.run("nightly-api", MAIN,
                mapped("logsIn", TestCaseStatus.PASSED, "C1"))));
        connector.on(completed(runs.run("nightly-api", MAIN, TestRailFixture.test("unmapped", TestCaseStatus.FAILED, 5, Map.of()))));
        assertEquals(List.of(), testrail.getAllServeEvents());
    }

    @Test
    void maintenanceAsksForARetryAfterAFewMinutes() {
        RunId run = runs.run("nightly-api", MAIN, mapped("logsIn", TestCaseStatus.PASSED, "C1"));
        fake.failNext("get_runs", 409, "TestRail is currently undergoing maintenance, please try again in a few minutes.");
        HookFailure retry = assertThrows(HookFailure.class, () -> connector.on(completed(run)));
        assertFalse(retry.permanent());
        assertEquals(Duration.ofMinutes(2), retry.retryAfter());
        assertEquals(List.of(), fake.runs());
    }

    private TestRailConnector connector(Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of("baseUrl", testrail.baseUrl(), "username", TestRailFixture.USER,
                ".apiKey", TestRailFixture.API_KEY, "projectId", 7L, "suiteId", 3L,
                "reportRuns", new String[] {"run_name=~nightly-.*, branch=main"}));
        settings.putAll(more);
        TestRailConnector made = TestRailFixture.connector(runs.store, TestRailFixture.time(), settings);
        connectors.add(made);
        return made;
    }
}
