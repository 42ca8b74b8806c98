package io.dtf.http.impl.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaseUrlTest {

    @Test
    void aTrailingSlashIsDroppedAndTheBasePathKept() {
        BaseUrl base = BaseUrl.of(URI.create("https://dtf.example.org:8443/dtf/"));
        assertEquals(URI.create("https://dtf.example.org:8443/dtf"), base.uri());
        assertEquals(URI.create("https://dtf.example.org:8443/dtf/api/v1/runs"), base.resolve("/api/v1/runs", Map.of()));
        assertEquals(URI.create("https://dtf.example.org:8443/dtf/health"), base.resolve("health", Map.of()));
    }

    @Test
    void queryParametersAreEncodedAndFollowAQueryInThePath() {
        BaseUrl base = BaseUrl.of(URI.create("http://127.0.0.1:8181"));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("state", "A B");
        query.put("label", "team=web&x/y");
        assertEquals(URI.create("http://127.0.0.1:8181/runs?state=A%20B&label=team%3Dweb%26x%2Fy"),
                base.resolve("/runs", query));
        assertEquals(URI.create("http://127.0.0.1:8181/runs?limit=5&state=A%20B&label=team%3Dweb%26x%2Fy"),
                base.resolve("/runs?limit=5", query));
    }

    @Test
    void onlyPlainHttpUrlsAreBases() {
        assertThrows(NullPointerException.class, () -> BaseUrl.of(null));
        assertEquals("not an http(s) URL: ftp://host/",
                assertThrows(IllegalArgumentException.class, () -> BaseUrl.of(URI.create("ftp://host/"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> BaseUrl.of(URI.create("http:/no-host")));
        assertThrows(IllegalArgumentException.class, () -> BaseUrl.of(URI.create("http://host/?a=1")));
        assertThrows(IllegalArgumentException.class, () -> BaseUrl.of(URI.create("http://host/#top")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BaseUrl.of(URI.create("http://ann:pw-123456@host/")));
        assertTrue(e.getMessage().startsWith("the base URL must have no user, query or fragment"), e.getMessage());
        assertFalse(e.getMessage().contains("pw-123456"), e.getMessage());
    }
}
