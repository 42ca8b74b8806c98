package io.dtf.rest.impl.health;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunQuery;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.RestError;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /health} (the REST bundle runs) and {@code GET /ready} (the coordinator and its store answer). */
public record HealthRoutes(RequiredService<Coordinator> coordinator, Limits limits) {
    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        router.add("GET", "/health", Role.PUBLIC, body, Set.of(), this::health)
                .add("GET", "/ready", Role.PUBLIC, body, Set.of(), this::ready);
    }

    private void health(Exchange ex) throws IOException {
        ex.ok(Map.of("status", "UP"));
    }

    private void ready(Exchange ex) throws IOException {
        Coordinator c = coordinator.get();
        try {
            c.runs(RunQuery.all(new Page(0, 1)));
        } catch (DtfException e) {
            throw new RestError(ErrorCode.STORE_UNAVAILABLE, "the coordinator's store does not answer: " + e.getMessage(),
                    List.of(), Map.of("Retry-After", "5"));
        }
        ex.ok(Map.of("status", "READY"));
    }
}
