package io.dtf.rest.impl.plugins;

import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.Page;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Ids;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.Paged;
import io.dtf.rest.impl.http.Query;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scheduler plugins ({@code dtf:schedulers}): the list with the active one, and switching (admin). */
public record SchedulerRoutes(RequiredService<Coordinator> coordinator, Limits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerRoutes.class);

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        router.add("GET", Router.V1 + "/schedulers", Role.VIEWER, body, Query.PAGE, this::schedulers)
                .add("POST", Router.V1 + "/schedulers/{name}/use", Role.ADMIN, body, Set.of(), this::use);
    }

    private void schedulers(Exchange ex) throws IOException {
        Query q = ex.query();
        Page page = q.page();
        q.check();
        ex.ok(Paged.window(coordinator.get().schedulers(), page));
    }

    private void use(Exchange ex) {
        String name = ex.path("name", Ids::name);
        coordinator.get().useScheduler(name);
        LOG.info("Scheduler {} made active over REST by the {}", name, ex.caller.name());
        ex.noContent();
    }
}
