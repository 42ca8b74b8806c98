package io.dtf.http.impl.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dtf.http.HttpAuth;
import java.net.URI;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

class RequestFactoryTest {
    private static final URI URL = URI.create("http://127.0.0.1:8181/api/v1/runs");

    @Test
    void theCredentialsAreSentWithTheAcceptedTypes() throws Exception {
        HttpUriRequestBase request = RequestFactory.create("POST", URL, HttpAuth.bearer("tok-123456"),
                Map.of("X-Trace", "1"), RequestBody.text("name: x", "application/yaml"));
        assertEquals("POST", request.getMethod());
        assertEquals(URL, request.getUri());
        assertEquals("Bearer tok-123456", request.getFirstHeader("Authorization").getValue());
        assertEquals(RequestFactory.ACCEPT, request.getFirstHeader("Accept").getValue());
        assertEquals("1", request.getFirstHeader("X-Trace").getValue());
        assertEquals("name: x", EntityUtils.toString(request.getEntity()));
    }

    @Test
    void withoutCredentialsNoneAreSentAndTheCallsHeadersWin() {
        HttpUriRequestBase request = RequestFactory.create("GET", URL, HttpAuth.NONE,
                Map.of("Accept", "text/event-stream"), null);
        assertNull(request.getFirstHeader("Authorization"));
        assertEquals(1, request.getHeaders("Accept").length);
        assertEquals("text/event-stream", request.getFirstHeader("Accept").getValue());
        assertNull(request.getEntity());
    }
}
