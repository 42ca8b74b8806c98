package io.dtf.rest.impl;

import io.dtf.api.ErrorCode;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.plugin.PluginRegistry;
import io.dtf.api.pool.ResourcePool;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.rest.impl.auth.Authenticator;
import io.dtf.rest.impl.events.EventHub;
import io.dtf.rest.impl.events.EventRoutes;
import io.dtf.rest.impl.health.HealthRoutes;
import io.dtf.rest.impl.http.Bodies;
import io.dtf.rest.impl.http.Caller;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.Responses;
import io.dtf.rest.impl.http.RestError;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import io.dtf.rest.impl.integrations.CiRoutes;
import io.dtf.rest.impl.integrations.ConnectorRoutes;
import io.dtf.rest.impl.integrations.Integrations;
import io.dtf.rest.impl.integrations.NotificationRoutes;
import io.dtf.rest.impl.openapi.OpenApiRoutes;
import io.dtf.rest.impl.plugins.PluginRoutes;
import io.dtf.rest.impl.pool.PoolRoutes;
import io.dtf.rest.impl.plugins.SchedulerRoutes;
import io.dtf.rest.impl.runs.RunRoutes;
import io.dtf.rest.impl.tasks.TaskRoutes;
import io.dtf.rest.impl.tests.TestRoutes;
import io.dtf.rest.impl.workers.WorkerProtocolRoutes;
import io.dtf.rest.impl.workers.WorkerRoutes;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The REST API of docs/rest-api.md: the routes of every concern in one table, and the dispatch of a
 * request to its route (body limit, token, role, query check). Every answer is JSON by {@code DtfJson}
 * (or text for logs, or an event stream); every failure is problem+json.
 */
public final class RestApi implements AutoCloseable {
    private final Authenticator authenticator;
    private final Router router = new Router();
    private final WorkerProtocolRoutes workerProtocol;

    public RestApi(Supplier<Coordinator> coordinator, Supplier<WorkerGateway> gateway, Authenticator authenticator,
                   Supplier<EventHub> events, Supplier<PluginRegistry> plugins, Limits limits) {
        this(coordinator, gateway, authenticator, events, plugins, Integrations.NONE, () -> null, limits);
    }

    /** @param pool the browser pool (feature {@code dtf-browser-pool}), {@code null} while there is none */
    public RestApi(Supplier<Coordinator> coordinator, Supplier<WorkerGateway> gateway, Authenticator authenticator,
                   Supplier<EventHub> events, Supplier<PluginRegistry> plugins, Integrations integrations,
                   Supplier<ResourcePool> pool, Limits limits) {
        this.authenticator = authenticator;
        String notRunning = "the coordinator is not running";
        RequiredService<Coordinator> coordinatorService = new RequiredService<>(coordinator, notRunning);
        RequiredService<WorkerGateway> gatewayService = new RequiredService<>(gateway, notRunning);
        this.workerProtocol = new WorkerProtocolRoutes(gatewayService, limits);
        new HealthRoutes(coordinatorService, limits).addTo(router);
        new OpenApiRoutes(limits).addTo(router);
        new RunRoutes(coordinatorService, limits, integrations.jobTokens()).addTo(router);
        new CiRoutes(coordinatorService, integrations, limits).addTo(router);
        new ConnectorRoutes(integrations, limits).addTo(router);
        new NotificationRoutes(integrations, limits).addTo(router);
        new TaskRoutes(coordinatorService, limits).addTo(router);
        new TestRoutes(coordinatorService, limits).addTo(router);
        new WorkerRoutes(coordinatorService, gatewayService, limits).addTo(router);
        new PluginRoutes(new RequiredService<>(plugins, notRunning), limits).addTo(router);
        new SchedulerRoutes(coordinatorService, limits).addTo(router);
        new PoolRoutes(pool, limits).addTo(router);
        new EventRoutes(new RequiredService<>(events, "the event stream is disabled"), limits).addTo(router);
        workerProtocol.addTo(router);
    }

    List<Router.Route> routesForTest() {
        return router.routes();
    }

    @Override
    public void close() {
        workerProtocol.close();
    }

    /** Answers one request; nothing escapes as an exception, and no failure shows a stack trace. */
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        try {
            Router.Match match = router.route(request.getMethod(), path);
            Router.Route route = match.route();
            if (request.getContentLengthLong() > route.bodyLimit()) {
                throw new RestError(ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than "
                        + Bodies.describeSize(route.bodyLimit()) + ", the limit of this call");
            }
            Caller caller = null;
            if (route.role() != Role.PUBLIC) {
                caller = authenticator.authenticate(request.getHeader("Authorization"));
                Authenticator.authorize(caller, route.role());
            }
            Exchange exchange = new Exchange(request, response, route, match.parameters(), caller);
            if (route.query().isEmpty()) {
                exchange.query().check();
            }
            route.handler().handle(exchange);
        } catch (Throwable failure) {
            Responses.failure(response, failure);
        }
    }
}
