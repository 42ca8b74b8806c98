package io.dtf.rest.impl.workers;

import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.task.Page;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.api.worker.WorkerState;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Ids;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.Paged;
import io.dtf.rest.impl.http.Query;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Workers as people see them: the list with their states, and draining one (admin). */
public record WorkerRoutes(RequiredService<Coordinator> coordinator, RequiredService<WorkerGateway> gateway, Limits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerRoutes.class);

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        router.add("GET", Router.V1 + "/workers", Role.VIEWER, body, Query.pageAnd("state"), this::workers)
                .add("POST", Router.V1 + "/workers/{workerId}/drain", Role.ADMIN, body, Set.of(), this::drain);
    }

    private void workers(Exchange ex) throws IOException {
        Query q = ex.query();
        Set<WorkerState> states = q.enums("state", WorkerState.class);
        Page page = q.page();
        q.check();
        List<WorkerStatus> workers = coordinator.get().workers().stream()
                .filter(w -> states.isEmpty() || states.contains(w.state())).toList();
        ex.ok(Paged.window(workers, page));
    }

    private void drain(Exchange ex) {
        WorkerId id = ex.path("workerId", Ids::worker);
        gateway.get().draining(id);
        LOG.info("Worker {} set to drain over REST by the {}", id, ex.caller.name());
        ex.noContent();
    }
}
