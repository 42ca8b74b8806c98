package io.dtf.rest.impl;

import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.Plugin;
import io.dtf.api.worker.WorkerGateway;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
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
 * {@code /ready}, routing by {@link Api}. The coordinator may come and go (its store restarts, its
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

    @Reference
    private EventHub events;

    @Reference(service = Hook.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ServiceReference<Hook>> hooks = List.of();

    @Reference(service = TaskExecutor.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ServiceReference<TaskExecutor>> executors = List.of();

    @Reference(service = Plugin.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ServiceReference<Plugin>> others = List.of();

    private transient Api api;

    public RestServlet() {
    }

    /** For tests: a servlet around a ready {@link Api}. */
    RestServlet(Api api) {
        this.api = api;
    }

    @Activate
    void activate(RestConfig config) {
        api = new Api(() -> coordinator, () -> gateway, authenticator, events, LogFiles.inKarafData(), this::plugins,
                Api.Settings.of(config));
    }

    @Deactivate
    void deactivate() {
        api.close();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        api.handle(request, response);
    }

    /** The plugin services installed now besides schedulers (the coordinator knows those): hooks, executors, plugins. */
    private List<Api.PluginInfo> plugins() {
        List<Api.PluginInfo> found = new ArrayList<>();
        hooks.forEach(r -> found.add(info("hook", r, null)));
        executors.forEach(r -> found.add(info("executor", r, TaskExecutor.PROPERTY)));
        others.forEach(r -> found.add(info("plugin", r, null)));
        found.sort(Comparator.comparing(Api.PluginInfo::kind).thenComparing(Api.PluginInfo::serviceId));
        return found;
    }

    private static Api.PluginInfo info(String kind, ServiceReference<?> reference, String nameProperty) {
        Bundle bundle = reference.getBundle();
        Object named = nameProperty == null ? null : reference.getProperty(nameProperty);
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String key : reference.getPropertyKeys()) {
            // dtf.* properties describe the plugin; framework and DS properties do not
            if (key.startsWith("dtf.")) {
                properties.put(key, reference.getProperty(key));
            }
        }
        String bundleName = bundle == null ? null : bundle.getSymbolicName();
        String name = named instanceof String s ? s : named instanceof String[] a ? String.join(",", a) : bundleName;
        return new Api.PluginInfo(kind, name, bundleName, bundle == null ? null : bundle.getVersion().toString(),
                bundle == null ? "UNINSTALLED" : state(bundle.getState()),
                (Long) reference.getProperty(Constants.SERVICE_ID), properties, null);
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            default -> "UNINSTALLED";
        };
    }
}
