package io.dtf.pool.browser.impl;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.EventPublisher;
import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolEvents;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourceLease;
import io.dtf.api.pool.ResourcePool;
import io.dtf.pool.browser.impl.pooling.BrowserPool;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser pool as a service ({@code dtf.pool=browser}), configured by {@code etc/io.dtf.pool.browser.cfg}; without
 * a configuration it offers Debian's Chromium. Immediate, so that it cleans up after an earlier run and starts its warm
 * browsers when the bundle starts, not at the first lease. A new configuration replaces the pool: the old one's
 * browsers are killed and leases ended. Slow jobs and the clean-up after an earlier run are published as events for notification routes
 * when the coordinator runs here.
 */
@Component(service = ResourcePool.class, configurationPid = PoolSettings.PID,
        property = ResourcePool.PROPERTY + "=browser", immediate = true)
@Designate(ocd = PoolConfig.class)
public class BrowserPoolComponent implements ResourcePool {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserPoolComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventPublisher events;

    private BrowserPool pool;

    @Activate
    void activate(PoolConfig config, Map<String, Object> properties, BundleContext context) {
        PoolSettings settings = PoolProperties.settings(config, properties);
        pool = new BrowserPool(settings, context.getDataFile("pool").toPath(), Clock.systemUTC(), this::slowJob);
        PoolStatus.Cleanup cleanup = pool.cleanup();
        if (!cleanup.isEmpty()) {
            publish(PoolEvents.CLEANED_UP, Severity.WARNING, Map.of(PoolEvents.KILLED_PIDS, cleanup.killedPids(),
                    "leases", cleanup.leases()));
        }
        LOG.info("Browser pool started with profiles {}", settings.profiles().stream()
                .map(p -> p.name() + " (" + p.backend().label() + ", " + p.min() + "-" + p.max() + ")").toList());
    }

    @Deactivate
    void deactivate() {
        pool.close();
    }

    private void slowJob(PoolStatus.SlowJob job) {
        publish(PoolEvents.SLOW_JOB, Severity.WARNING, Map.of(PoolEvents.KEY, job.key(), PoolEvents.PROFILE,
                job.profile(), PoolEvents.BACKEND, job.backend(), PoolEvents.TOOK_MS, job.took().toMillis(),
                PoolEvents.MEDIAN_MS, job.median().toMillis(), PoolEvents.PERCENT_SLOWER, job.percentSlower()));
    }

    private void publish(String topic, Severity severity, Map<String, Object> data) {
        EventPublisher publisher = events;
        if (publisher == null) {
            return;
        }
        try {
            publisher.publish(topic, severity, null, data);
        } catch (RuntimeException failed) {
            LOG.warn("Could not publish the event {}: {}", topic, failed.getMessage());
        }
    }

    @Override
    public ResourceLease lease(LeaseRequest request) throws InterruptedException {
        return pool.lease(request);
    }

    @Override
    public List<String> missing(BrowserRequirements requirements) throws InterruptedException {
        return pool.missing(requirements);
    }

    @Override
    public List<BrowserCapabilities> capabilities() throws InterruptedException {
        return pool.capabilities();
    }

    @Override
    public List<BrowserCapabilities> probe(Duration wait) throws InterruptedException {
        return pool.probe(wait);
    }

    @Override
    public PoolStatus status() {
        return pool.status();
    }

    @Override
    public boolean reclaim(String leaseId) {
        return pool.reclaim(leaseId);
    }

    @Override
    public boolean reclaim(String leaseId, String reason) {
        return pool.reclaim(leaseId, reason);
    }
}
