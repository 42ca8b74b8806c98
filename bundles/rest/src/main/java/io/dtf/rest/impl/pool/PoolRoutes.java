package io.dtf.rest.impl.pool;

import io.dtf.api.DtfException;
import io.dtf.api.Durations;
import io.dtf.api.ErrorCode;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourcePool;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Ids;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser pool ({@code dtf:pool}, {@code dtf:pool-probe}, {@code dtf:pool-release}): its status, its capabilities
 * probed now, and an operator's reclaim of a lease. The pool is optional (feature {@code dtf-browser-pool}): without
 * it every route is a 503 that names the feature.
 */
public final class PoolRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(PoolRoutes.class);
    static final String NOT_RUNNING = "the browser pool is not running: install the feature dtf-browser-pool "
            + "(settings in etc/io.dtf.pool.browser.cfg)";
    /** How long a probe waits for a free browser of each profile when the request does not say. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
    /** The longest wait a request may ask: longer would outlast the clients' and proxies' time-outs. */
    static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private final RequiredService<ResourcePool> pool;
    private final Limits limits;

    public PoolRoutes(Supplier<ResourcePool> pool, Limits limits) {
        this.pool = new RequiredService<>(pool, NOT_RUNNING);
        this.limits = limits;
    }

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        router.add("GET", Router.V1 + "/pool", Role.VIEWER, body, Set.of(), this::status)
                .add("POST", Router.V1 + "/pool/probe", Role.ADMIN, body, Set.of("wait"), this::probe)
                .add("DELETE", Router.V1 + "/pool/leases/{id}", Role.ADMIN, body, Set.of(), this::reclaim);
    }

    private void status(Exchange ex) throws IOException {
        ex.ok(pool.get().status());
    }

    /** Probes every profile, each waiting at most {@code wait} (default 60s) for a free browser. */
    private void probe(Exchange ex) throws IOException {
        Duration wait = ex.query().parsed("wait", PoolRoutes::waitParameter);
        ex.query().check();
        ResourcePool browsers = pool.get();
        try {
            ex.ok(browsers.probe(wait == null ? DEFAULT_WAIT : wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while probing the browser pool", e);
        }
    }

    /** {@code wait}: a duration from 1ms to {@link #MAX_WAIT}. */
    static Duration waitParameter(String text) {
        Duration wait;
        try {
            wait = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        if (wait.isNegative() || wait.isZero() || wait.compareTo(MAX_WAIT) > 0) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, "must be between 1ms and "
                    + Durations.format(MAX_WAIT) + ", not " + text);
        }
        return wait;
    }

    /** Ends a lease now; answers the lease as it was held. */
    private void reclaim(Exchange ex) throws IOException {
        String id = ex.path("id", Ids::name);
        ResourcePool browsers = pool.get();
        PoolStatus.Lease held = browsers.status().leases().stream().filter(l -> l.id().equals(id)).findFirst()
                .orElse(new PoolStatus.Lease(id, null, null, null, null));
        if (!browsers.reclaim(id)) {
            throw new DtfException(ErrorCode.NOT_FOUND, "lease '" + id + "' is not held (GET /api/v1/pool lists "
                    + "the leases held)");
        }
        LOG.info("Lease {} of {} reclaimed over REST by the {}", id, held.owner(), ex.caller.name());
        ex.ok(held);
    }
}
