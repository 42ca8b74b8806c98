package io.dtf.rest.impl;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the REST servlet is deployed. Pax Web 8's whiteboard has a start-up race: now and then
 * a servlet registered while the default context is being created is logged as having "no matching
 * target context" and is never deployed, so the API answers 404 until the bundle restarts (seen once
 * in many starts of the distribution; Pax Web issues 1769 and 1798 describe the same family). A few
 * times after start this asks the HTTP runtime whether it lists the {@code dtf-rest} servlet; when it
 * does not, it registers the servlet again by disabling and enabling its component, which makes the
 * whiteboard match it afresh.
 */
@Component(immediate = true)
public final class WhiteboardWatch {
    private static final Logger LOG = LoggerFactory.getLogger(WhiteboardWatch.class);

    /** When to look, after activation: the usual deployment takes well under a second. */
    static final List<Duration> CHECKS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofSeconds(60));
    static final String SERVLET = "dtf-rest";

    @Reference
    private HttpServiceRuntime http;
    @Reference
    private ServiceComponentRuntime components;

    private ScheduledExecutorService timer;
    private volatile boolean deployed;

    @Activate
    void activate(BundleContext context) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dtf-rest-whiteboard-watch");
            thread.setDaemon(true);
            return thread;
        });
        for (Duration after : CHECKS) {
            timer.schedule(() -> check(context), after.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void check(BundleContext context) {
        if (deployed) {
            return;
        }
        try {
            if (lists(http.getRuntimeDTO(), SERVLET)) {
                deployed = true;
                return;
            }
            ComponentDescriptionDTO servlet = components.getComponentDescriptionDTO(context.getBundle(),
                    RestServlet.class.getName());
            if (servlet == null || !components.isComponentEnabled(servlet)) {
                return; // switched off on purpose
            }
            LOG.warn("The HTTP whiteboard has not deployed the REST API's servlet ({}); registering it again",
                    SERVLET);
            components.disableComponent(servlet).onResolve(() -> components.enableComponent(servlet));
        } catch (RuntimeException e) {
            LOG.warn("Could not check that the REST API's servlet is deployed: {}", e.toString());
        }
    }

    /** Whether a servlet of that name is deployed in any context of the runtime. */
    static boolean lists(RuntimeDTO runtime, String servlet) {
        return runtime != null && runtime.servletContextDTOs != null && Arrays.stream(runtime.servletContextDTOs)
                .filter(c -> c.servletDTOs != null)
                .flatMap(c -> Arrays.stream(c.servletDTOs))
                .anyMatch(s -> servlet.equals(s.name));
    }
}
