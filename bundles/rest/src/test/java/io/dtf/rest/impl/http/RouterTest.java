package io.dtf.rest.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.ErrorCode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final Router.Handler NOTHING = exchange -> { };
    private final Router router = new Router()
            .add("GET", "/api/v1/workers", Role.VIEWER, 0, Set.of(), NOTHING)
            .add("POST", "/api/v1/workers", Role.WORKER, 0, Set.of(), NOTHING)
            .add("DELETE", "/api/v1/workers/{workerId}", Role.WORKER, 0, Set.of(), NOTHING)
            .add("POST", "/api/v1/workers/{workerId}/poll", Role.WORKER, 0, Set.of(), NOTHING)
            .add("POST", "/api/v1/workers/{workerId}/drain", Role.ADMIN, 0, Set.of(), NOTHING);

    @Test
    void pathParametersAreMatched() {
        Router.Match match = router.route("POST", "/api/v1/workers/w-1/poll");
        assertEquals("/api/v1/workers/{workerId}/poll", match.route().template());
        assertEquals(Map.of("workerId", "w-1"), match.parameters());
        assertEquals("/api/v1/workers", router.route("GET", "/api/v1/workers/").route().template());
    }

    @Test
    void anUnknownPathIs404() {
        for (String path : new String[] {"/api/v1/nothing", "/api/v1/workers/w/poll/more", "/api/v1//poll", "/api",
            "/api/v1/workers//poll"}) {
            RestError error = assertThrows(RestError.class, () -> router.route("POST", path), path);
            assertEquals(ErrorCode.NOT_FOUND, error.code(), path);
        }
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() {
        RestError error = assertThrows(RestError.class, () -> router.route("PUT", "/api/v1/workers"));
        assertEquals(ErrorCode.METHOD_NOT_ALLOWED, error.code());
        assertEquals("GET, POST", error.headers().get("Allow"));
        assertEquals("DELETE", assertThrows(RestError.class, () -> router.route("GET", "/api/v1/workers/w1"))
                .headers().get("Allow"));
    }
}
