package io.dtf.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /notifications} and {@code /silences}. */
class NotificationHttpTest {
    @TempDir
    static Path logs;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(logs, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void silencesAreAddedListedAndExpiredAndBadOnesNamed() throws Exception {
        HttpResponse<String> added = server.postJson("/api/v1/silences", TestServer.ADMIN,
                "{\"matchers\":[\"branch=main\",\"run_name=~nightly.*\"],\"duration\":\"90m\",\"comment\":\"known outage\"}");
        assertEquals(200, added.statusCode(), added.body());
        assertTrue(added.body().contains("\"id\":\"s1\"") && added.body().contains("\"createdBy\":\"admin"),
                added.body());
        HttpResponse<String> list = server.get("/api/v1/silences", TestServer.VIEWER);
        assertTrue(list.body().contains("known outage") && list.body().contains("nightly.*"), list.body());

        HttpResponse<String> bad = server.postJson("/api/v1/silences", TestServer.ADMIN,
                "{\"matchers\":[\"branch\"],\"duration\":\"2h\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("matchers"), bad.body());
        HttpResponse<String> badDuration = server.postJson("/api/v1/silences", TestServer.ADMIN,
                "{\"matchers\":[\"branch=main\"],\"duration\":\"soon\"}");
        assertEquals(400, badDuration.statusCode(), badDuration.body());
        assertTrue(badDuration.body().contains("must be a duration such as 30m, 2h, 1d or PT2H, not 'soon'"),
                badDuration.body());
        assertEquals(403, server.postJson("/api/v1/silences", TestServer.VIEWER, "{\"matchers\":[\"a=b\"]}").statusCode());

        HttpResponse<String> expired = server.send(server.request("/api/v1/silences/s1", TestServer.ADMIN).DELETE()
                .build());
        assertEquals(200, expired.statusCode(), expired.body());
        assertEquals("[]", server.get("/api/v1/silences", TestServer.VIEWER).body());
        assertEquals(404, server.send(server.request("/api/v1/silences/s9", TestServer.ADMIN).DELETE().build())
                .statusCode());
    }

    @Test
    void theDeliveryLogNeedsTheNotificationSystem() throws Exception {
        HttpResponse<String> absent = server.get("/api/v1/notifications", TestServer.VIEWER);
        assertEquals(503, absent.statusCode(), absent.body());
        assertTrue(absent.body().contains("the notification system (io.dtf.notify, feature dtf-notify) is not running"),
                absent.body());
    }
}
