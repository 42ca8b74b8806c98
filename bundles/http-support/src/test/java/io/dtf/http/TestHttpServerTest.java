package io.dtf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.http.testing.TestHttpServer;
import io.dtf.http.testing.TestHttpServer.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test server itself: a failure in one of its handlers, on a server thread, still fails the test. */
class TestHttpServerTest {

    @Test
    void anAssertionThatFailsInAHandlerFailsTheServersClose() {
        TestHttpServer server = new TestHttpServer();
        server.route("POST", "/checked", request -> {
            assertEquals("{\"expected\":true}", request.body());
            return Reply.status(204);
        });
        try (JsonHttpClient client = JsonHttpClient.builder(server.uri()).retry(RetryPolicy.NONE).build()) {
            DtfHttpException answer = assertThrows(DtfHttpException.class,
                    () -> client.post("/checked").json(Map.of("other", 1)).send());
            assertEquals(500, answer.status());
        }

        AssertionError failed = assertThrows(AssertionError.class, server::close);

        assertTrue(failed.getMessage().startsWith("a handler of the test server failed 1 time(s), first with: "),
                failed.getMessage());
        assertTrue(failed.getCause().getMessage().contains("{\"other\":1}"), failed.getCause().getMessage());
    }

    @Test
    void closesQuietlyWhenEveryHandlerSucceeded() {
        TestHttpServer server = new TestHttpServer();
        server.route("GET", "/fine", request -> Reply.status(204));
        try (JsonHttpClient client = JsonHttpClient.builder(server.uri()).build()) {
            client.get("/fine").send();
        }

        server.close();
        assertEquals(1, server.requests().size());
    }
}
