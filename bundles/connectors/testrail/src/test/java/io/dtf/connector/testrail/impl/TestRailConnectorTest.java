package io.dtf.connector.testrail.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.connector.ItemAction;
import io.dtf.api.connector.RateLimit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the connector says and refuses without calling TestRail. */
class TestRailConnectorTest {
    private static Map<String, Object> settings() {
        return new HashMap<>(Map.of("baseUrl", "https://acme.testrail.io", "username", TestRailFixture.USER,
                ".apiKey", TestRailFixture.API_KEY, "projectId", 7L));
    }

    @Test
    void itReportsRunsAndReadsRunsAndCasesAtTestRailClouds180RequestsAMinute() {
        TestRailConnector testrail = TestRailFixture.connector(TestRailFixture.time(), settings());
        try {
            ConnectorCapabilities capabilities = testrail.capabilities();
            assertTrue(capabilities.supports("report_run") && capabilities.supports("add_results")
                    && capabilities.supports("close_run"));
            assertTrue(capabilities.supports("run", ItemAction.CREATE) && capabilities.supports("case", ItemAction.READ));
            assertEquals(RateLimit.perMinute(180), capabilities.rateLimit());
        } finally {
            testrail.deactivate();
        }
    }

    @Test
    void aMissingApiKeyOrProjectIsAClearConfigurationError() {
        Map<String, Object> noKey = settings();
        noKey.put(".apiKey", "");
        String message = assertThrows(IllegalArgumentException.class,
                () -> TestRailFixture.connector(TestRailFixture.time(), noKey)).getMessage();
        assertTrue(message.contains(".apiKey is required"), message);

        Map<String, Object> unsetVariable = settings();
        unsetVariable.put(".apiKey", "${env:DTF_TEST_VARIABLE_NOBODY_SETS}");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TestRailFixture.connector(TestRailFixture.time(), unsetVariable)).getMessage().contains(".apiKey is required"));

        Map<String, Object> noProject = settings();
        noProject.put("projectId", 0L);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TestRailFixture.connector(TestRailFixture.time(), noProject)).getMessage().contains("projectId"));

        Map<String, Object> badSkip = settings();
        badSkip.put("skippedStatus", "untested");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TestRailFixture.connector(TestRailFixture.time(), badSkip)).getMessage().contains("blocked or retest"));
    }

    @Test
    void badParametersAndUnknownOperationsAreRefusedWithTheProblemNamed() {
        TestRailConnector testrail = TestRailFixture.connector(TestRailFixture.time(), settings());
        try {
            ExternalSystemResult noName = testrail.executeOperation("report_run", Map.of("results", List.of()))
                    .orTimeout(5, TimeUnit.SECONDS).join();
            assertEquals(Status.REJECTED, noName.status());
            assertEquals("invalid_parameters", noName.errorCode());
            assertTrue(noName.message().contains("name is required"), noName.message());
            ExternalSystemResult badRun = testrail.executeOperation("close_run", Map.of("run_id", "X1"))
                    .orTimeout(5, TimeUnit.SECONDS).join();
            assertTrue(badRun.message().contains("run_id must be a TestRail id"), badRun.message());
            ExternalSystemResult badStatus = testrail.executeOperation("add_results", Map.of("run_id", 81,
                    "results", List.of(Map.of("name", "a", "status", "BROKEN")))).orTimeout(5, TimeUnit.SECONDS).join();
            assertTrue(badStatus.message().contains("results[0] (a) has no status"), badStatus.message());
            ExternalSystemResult unknown = testrail.executeOperation("delete_project", Map.of())
                    .orTimeout(5, TimeUnit.SECONDS).join();
            assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION, unknown.errorCode());
            assertFalse(testrail.isConnected(), "nothing was asked of TestRail yet");
        } finally {
            testrail.deactivate();
        }
    }
}
