package io.dtf.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.testkit.FakeConnector;
import io.dtf.testkit.FakeNotificationChannel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /connectors} and {@code POST /connectors/{name}/test}. */
class ConnectorHttpTest {
    @TempDir
    static Path logs;
    static TestServer server;
    static final FakeConnector JIRA = new FakeConnector().capabilities(new ConnectorCapabilities(Set.of("report_failure"),
            Map.of("issue", Set.of()), "JQL", null));
    static final FakeNotificationChannel SLACK = new FakeNotificationChannel();

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(logs, Map.of());
        server.connectors.add("jira-cloud", "jira", JIRA).add("slack-team", "slack", new FakeConnector());
        server.channels.add("slack-team", "slack", SLACK);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void instancesAreListedAndCheckedOnRequest() throws Exception {
        HttpResponse<String> list = server.get("/api/v1/connectors", TestServer.VIEWER);
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"name\":\"jira-cloud\"") && list.body().contains("\"report_failure\""), list.body());

        HttpResponse<String> message = server.postJson("/api/v1/connectors/slack-team/test", TestServer.ADMIN, "");
        assertEquals(200, message.statusCode(), message.body());
        assertTrue(message.body().contains("\"check\":\"message\"") && message.body().contains("\"status\":\"OK\""),
                message.body());
        assertEquals("DTF test message", SLACK.delivered().get(0).title());

        JIRA.failNext(ExternalSystemResult.rejected("http_401", "Client must be authenticated"));
        HttpResponse<String> refused = server.postJson("/api/v1/connectors/jira-cloud/test", TestServer.ADMIN, "");
        assertEquals(200, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"check\":\"connection\"") && refused.body().contains("\"status\":\"REJECTED\"")
                && refused.body().contains("Client must be authenticated"), refused.body());

        assertEquals(404, server.postJson("/api/v1/connectors/nope/test", TestServer.ADMIN, "").statusCode());
        assertEquals(403, server.postJson("/api/v1/connectors/jira-cloud/test", TestServer.VIEWER, "").statusCode());
    }
}
