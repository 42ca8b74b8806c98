package io.dtf.connector.msteams.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.connector.ItemAction;
import io.dtf.api.connector.RateLimit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the connector says and refuses without posting. */
class TeamsConnectorTest {
    private static final String URL = "https://prod-12.westeurope.logic.azure.com:443" + TeamsFixture.WEBHOOK_PATH;

    @Test
    void connectChecksTheConfigurationOnlyAndSaysSo() {
        TeamsConnector teams = TeamsFixture.connector(TeamsFixture.time(), Map.of(".webhookUrl", URL));
        try {
            assertFalse(teams.isConnected());
            ExternalSystemResult connected = teams.connect().orTimeout(5, TimeUnit.SECONDS).join();
            assertEquals(Status.OK, connected.status());
            assertTrue(connected.data().get("checked").toString().contains("no read call"));
            ExternalSystemResult info = teams.systemInfo().orTimeout(5, TimeUnit.SECONDS).join();
            assertEquals("prod-12.westeurope.logic.azure.com", info.data().get("host"));
            assertTrue(info.data().get("note").toString().contains("no read call"));
            assertFalse(info.data().toString().contains(TeamsFixture.SIGNATURE), "never the signature");
            assertEquals(RateLimit.perSecond(4), teams.capabilities().rateLimit());
            assertTrue(teams.capabilities().supports("post_card"));
            assertTrue(teams.capabilities().supports("message", ItemAction.CREATE));
        } finally {
            teams.deactivate();
        }
    }

    @Test
    void aMissingOrBadWebhookUrlIsAClearConfigurationErrorThatHidesTheUrl() {
        String missing = assertThrows(IllegalArgumentException.class,
                () -> TeamsFixture.connector(TeamsFixture.time(), Map.of(".webhookUrl", " "))).getMessage();
        assertTrue(missing.contains("'team': .webhookUrl is required"), missing);

        String unset = assertThrows(IllegalArgumentException.class, () -> TeamsFixture.connector(TeamsFixture.time(),
                Map.of(".webhookUrl", "${env:DTF_TEST_VARIABLE_NOBODY_SETS}"))).getMessage();
        assertTrue(unset.contains(".webhookUrl is required"), unset);

        String bad = assertThrows(IllegalArgumentException.class, () -> TeamsFixture.connector(TeamsFixture.time(),
                Map.of(".webhookUrl", "ftp://example.com/x?sig=" + TeamsFixture.SIGNATURE))).getMessage();
        assertTrue(bad.contains(".webhookUrl must be the https URL"), bad);
        assertFalse(bad.contains(TeamsFixture.SIGNATURE), bad);
    }

    @Test
    void badMessageFieldsAndUnknownOperationsAreRefusedWithTheProblemNamed() {
        TeamsConnector teams = TeamsFixture.connector(TeamsFixture.time(), Map.of(".webhookUrl", URL));
        try {
            assertTrue(teams.createItem("message", Map.of("text", "no title")).join().message().contains("title is required"));
            assertTrue(teams.createItem("message", Map.of("title", "t", "severity", "loud")).join().message()
                    .contains("severity must be"));
            assertTrue(teams.createItem("message", Map.of("title", "t", "links", Map.of("x", "javascript:alert(1)")))
                    .join().message().contains("http(s) URLs"));
            assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION, teams.executeOperation("post_message", Map.of())
                    .join().errorCode());
            assertEquals("invalid_parameters", teams.executeOperation("post_card", Map.of("card", "text")).join().errorCode());
        } finally {
            teams.deactivate();
        }
    }
}
