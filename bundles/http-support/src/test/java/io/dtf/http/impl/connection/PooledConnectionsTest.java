package io.dtf.http.impl.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtf.http.testing.TestHttpServer;
import io.dtf.http.testing.TestHttpServer.Reply;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PooledConnectionsTest {
    private final TestHttpServer server = new TestHttpServer();
    private final PooledConnections connections = new PooledConnections(new ConnectionSettings(Duration.ofSeconds(2),
            Duration.ofSeconds(5), 4, "dtf-test/1"));

    @AfterEach
    void close() throws Exception {
        connections.close();
        server.close();
    }

    @Test
    void redirectsAndCookiesAreLeftToTheCaller() throws Exception {
        server.route("GET", "/a", r -> Reply.status(302).withHeader("Location", "/b").withHeader("Set-Cookie", "s=1"));
        URI a = URI.create(server.uri() + "/a");
        for (int i = 0; i < 2; i++) {
            try (ClassicHttpResponse response = connections.execute(new HttpGet(a), null)) {
                assertEquals(302, response.getCode());
                EntityUtils.consume(response.getEntity());
            }
        }
        assertEquals(2, server.requests().size(), "no request to /b");
        assertNull(server.requests().get(1).header("Cookie"));
        assertEquals("dtf-test/1", server.requests().get(0).header("User-Agent"));
    }

    @Test
    void aRequestMayWaitLessThanTheSettingsSay() {
        server.route("GET", "/slow", r -> Reply.text(200, "late").delayed(3_000));
        long start = System.nanoTime();
        assertThrows(SocketTimeoutException.class,
                () -> connections.execute(new HttpGet(URI.create(server.uri() + "/slow")), Duration.ofMillis(200)));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2_000);
    }
}
