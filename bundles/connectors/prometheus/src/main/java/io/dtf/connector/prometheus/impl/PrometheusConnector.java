package io.dtf.connector.prometheus.impl;

import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.InstanceName;
import io.dtf.http.HttpAuth;
import io.dtf.http.HttpTime;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus connector: one instance per factory configuration ({@code etc/io.dtf.connector.prometheus-<name>.cfg}).
 * Prometheus pulls: it scrapes {@code /metrics}, which {@link MetricsServlet} serves once per Karaf with or without an
 * instance. An instance adds what a push needs: the operation {@value #PUSH_METRICS} sends DTF's metrics to a
 * Pushgateway, on request and every {@code intervalSeconds}. {@link #systemInfo} says what is exported.
 */
@Component(service = ExternalSystemConnector.class, configurationPid = PrometheusConnector.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = ExternalSystemConnector.TYPE + "=prometheus")
@Designate(ocd = PrometheusConfig.class, factory = true)
public class PrometheusConnector implements ExternalSystemConnector {
    static final String PID = ExternalSystemConnector.PID_PREFIX + "prometheus";
    static final String PUSH_METRICS = "push_metrics";
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusConnector.class);

    @Reference
    private DtfMetrics metrics;

    private String name;
    private JsonHttpClient http;
    private Pushgateway pushgateway;
    private ScheduledExecutorService schedule;
    private volatile boolean connected;
    private volatile Map<String, Object> lastPush = Map.of();
    /** Whether the last scheduled push failed; only the schedule's thread uses it. */
    private boolean scheduleFailing;

    public PrometheusConnector() {
    }

    /** For tests: a connector of these metrics. */
    PrometheusConnector(DtfMetrics metrics) {
        this.metrics = metrics;
    }

    @Activate
    void activate(PrometheusConfig config, Map<String, Object> properties) {
        activate(config, properties, null);
    }

    /** For tests: the HTTP client's time, so that waits are measured, not waited for; {@code null} for the system's. */
    void activate(PrometheusConfig config, Map<String, Object> properties, HttpTime time) {
        name = InstanceName.of(properties, NAME, TYPE);
        String url = config.pushgatewayUrl() == null ? "" : config.pushgatewayUrl().strip();
        if (url.isEmpty()) {
            connected = true; // nothing to reach: Prometheus comes to /metrics
            LOG.info("Prometheus connector {}: metrics at {}, no Pushgateway", name, MetricsServlet.PATH);
            return;
        }
        if (config.job() == null || config.job().isBlank()) {
            throw new IllegalArgumentException(PID + ": job must not be empty: it names the pushed metrics' group");
        }
        if (config.intervalSeconds() < 0) {
            throw new IllegalArgumentException(PID + ": intervalSeconds must be 0 (push on request only) or more, not "
                    + config.intervalSeconds());
        }
        if (config.timeoutSeconds() < 1) {
            throw new IllegalArgumentException(PID + ": timeoutSeconds must be 1 or more, not " + config.timeoutSeconds());
        }
        JsonHttpClient.Builder builder;
        try {
            builder = JsonHttpClient.builder(URI.create(url));
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(PID + ": pushgatewayUrl must be the http(s) URL of a Pushgateway "
                    + "(e.g. http://pushgateway.example:9091), not " + Secrets.redact(url), bad);
        }
        builder.responseTimeout(Duration.ofSeconds(config.timeoutSeconds())).userAgent("dtf-connector-prometheus/1");
        if (config.username() != null && !config.username().isBlank()) {
            if (config._password() == null || config._password().isBlank()) {
                throw new IllegalArgumentException(PID + ": .password is required with username " + config.username()
                        + " (e.g. .password = ${env:DTF_PUSHGATEWAY_PASSWORD})");
            }
            try {
                builder.auth(HttpAuth.basic(config.username(), config._password()));
            } catch (IllegalArgumentException unset) {
                throw new IllegalArgumentException(PID + ": .password: " + unset.getMessage(), unset);
            }
        }
        if (time != null) {
            builder.time(time);
        }
        http = builder.build();
        pushgateway = new Pushgateway(http, config.job().strip(), config.instance());
        if (config.intervalSeconds() > 0) {
            schedule = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "dtf-prometheus-push-" + name);
                thread.setDaemon(true);
                return thread;
            });
            schedule.scheduleWithFixedDelay(this::pushOnSchedule, config.intervalSeconds(), config.intervalSeconds(),
                    TimeUnit.SECONDS);
        }
        LOG.info("Prometheus connector {}: metrics at {}, pushed to {}{}{}", name, MetricsServlet.PATH,
                Secrets.redact(url), pushgateway.groupPath(),
                config.intervalSeconds() > 0 ? " every " + config.intervalSeconds() + " s" : " on request");
    }

    @Deactivate
    void deactivate() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
        if (http != null) {
            http.close();
        }
    }

    @Override
    public ConnectorCapabilities capabilities() {
        ConnectorCapabilities.Builder capabilities = ConnectorCapabilities.builder();
        if (pushgateway != null) {
            capabilities.operations(PUSH_METRICS);
        }
        return capabilities.build();
    }

    @Override
    public CompletableFuture<ExternalSystemResult> connect() {
        if (pushgateway == null) {
            return CompletableFuture.completedFuture(ExternalSystemResult.ok(Map.of("metricsPath", MetricsServlet.PATH)));
        }
        return pushgateway.ready().thenApply(this::contact);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public CompletableFuture<ExternalSystemResult> executeOperation(String operation, Map<String, Object> parameters) {
        if (!PUSH_METRICS.equals(operation)) {
            return CompletableFuture.completedFuture(ExternalSystemResult.unsupported(String.valueOf(operation)));
        }
        if (pushgateway == null) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rejected("no_pushgateway", "connector " + name
                    + " has no pushgatewayUrl: set it in etc/" + PID + "-" + name + ".cfg, or let Prometheus scrape "
                    + MetricsServlet.PATH));
        }
        return push();
    }

    @Override
    public CompletableFuture<ExternalSystemResult> systemInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("product", "DTF metrics for Prometheus");
        info.put("version", DtfMetrics.version());
        info.put("metricsPath", MetricsServlet.PATH);
        info.put("formats", List.of("text/plain; version=0.0.4", "application/openmetrics-text; version=1.0.0"));
        info.put("metrics", metrics.names());
        if (pushgateway == null) {
            return CompletableFuture.completedFuture(ExternalSystemResult.ok(info));
        }
        info.put("pushgateway", Secrets.redact(http.baseUrl() + pushgateway.groupPath()));
        info.put("lastPush", lastPush);
        return pushgateway.status().thenApply(status -> {
            contact(status);
            if (status.success()) {
                info.put("pushgatewayBuild", status.data());
                return ExternalSystemResult.ok(info);
            }
            return status;
        });
    }

    private CompletableFuture<ExternalSystemResult> push() {
        Instant at = Instant.now();
        return pushgateway.push(Exposition.text().bytes(metrics.scrape())).thenApply(result -> {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("at", at.toString());
            last.put("outcome", result.describe());
            lastPush = last;
            return contact(result);
        });
    }

    /** A scheduled push: its failure is logged when pushes start failing and when they work again, not every time. */
    private void pushOnSchedule() {
        ExternalSystemResult result;
        try {
            result = push().join();
        } catch (RuntimeException failed) {
            // an exception would end the schedule: the next interval tries again
            result = contact(ExternalSystemResult.failure(failed));
        }
        if (!result.success() && !scheduleFailing) {
            LOG.warn("Prometheus connector {}: pushing metrics failed, trying again every interval: {}", name,
                    result.describe());
        } else if (result.success() && scheduleFailing) {
            LOG.info("Prometheus connector {}: pushing metrics works again", name);
        }
        scheduleFailing = !result.success();
    }

    private ExternalSystemResult contact(ExternalSystemResult result) {
        connected = result.success();
        return result;
    }
}
