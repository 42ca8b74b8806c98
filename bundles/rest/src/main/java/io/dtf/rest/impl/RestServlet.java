package io.dtf.rest.impl;

import io.dtf.api.ci.CIJobTokens;
import io.dtf.api.ci.CIProviders;
import io.dtf.api.ci.CIReports;
import io.dtf.api.connector.Connectors;
import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.notify.NotificationChannels;
import io.dtf.api.plugin.PluginRegistry;
import io.dtf.api.pool.ResourcePool;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.notify.api.NotificationLog;
import io.dtf.notify.api.Silences;
import io.dtf.rest.impl.auth.Authenticator;
import io.dtf.rest.impl.config.RestConfig;
import io.dtf.rest.impl.events.EventHub;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.integrations.Integrations;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The REST API on the HTTP Whiteboard: one servlet for {@code /api/*}, {@code /health} and
 * {@code /ready}, routing by {@link RestApi}. The coordinator may come and go (its store restarts, its
 * configuration changes): meanwhile {@code /health} answers and everything else is a 503.
 */
@Component(service = Servlet.class, configurationPid = RestConfig.PID, property = {
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/*",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/health",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/ready",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=dtf-rest",
    HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED + "=true"
})
@Designate(ocd = RestConfig.class)
public final class RestServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Coordinator coordinator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WorkerGateway gateway;

    @Reference
    private Authenticator authenticator;

    /** Optional: the event stream may be disabled as a plugin without taking the API down. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventHub events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PluginRegistry plugins;

    /** The CI services: the providers' lookup, and the reports and job tokens of the optional dtf-ci feature. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CIProviders ciProviders;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CIReports ciReports;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CIJobTokens ciJobTokens;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Connectors connectors;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NotificationChannels channels;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NotificationLog notificationLog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Silences silences;

    /** The browser pool of the optional feature dtf-browser-pool. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + ResourcePool.PROPERTY + "=browser)")
    private volatile ResourcePool pool;

    private transient RestApi api;

    public RestServlet() {
    }

    /** For tests: a servlet around a ready {@link RestApi}. */
    RestServlet(RestApi api) {
        this.api = api;
    }

    @Activate
    void activate(RestConfig config) {
        api = new RestApi(() -> coordinator, () -> gateway, authenticator, () -> events, () -> plugins,
                new Integrations(() -> ciProviders, () -> ciReports, () -> ciJobTokens, () -> connectors,
                        () -> channels, () -> notificationLog, () -> silences), () -> pool, Limits.of(config));
    }

    @Deactivate
    void deactivate() {
        api.close();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        api.handle(request, response);
    }
}
