package io.dtf.connector.prometheus.impl;

import io.dtf.api.coordinator.Coordinator;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginRegistry;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.Page;
import io.dtf.api.task.StoredTestCase;
import io.dtf.api.task.Task;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TestCaseQuery;
import io.dtf.api.task.TestCaseResult;
import io.dtf.api.task.TaskQuery;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerStatus;
import io.dtf.notify.api.NotificationLog;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * DTF's metrics, one set per Karaf: a registry of the Prometheus Java client holding what events feed (this is a
 * {@link Hook} delivered from memory: a metric may miss an event when the hook falls behind, and nothing waits for it)
 * and what is read from the store, the coordinator and the plugin registry at each scrape. {@link MetricsServlet}
 * serves it at {@code /metrics}; each {@link PrometheusConnector} may push it to a Pushgateway.
 */
@Component(service = {DtfMetrics.class, Hook.class}, immediate = true, configurationPid = MetricsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = Hook.PROPERTY + "=TASK_COMPLETED,TASK_FAILED,TASK_TIMED_OUT,TASK_CANCELLED,TASK_RETRIED,"
                + "TASK_PREEMPTED,RUN_COMPLETED")
@Designate(ocd = MetricsConfig.class)
public class DtfMetrics implements Hook {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Coordinator coordinator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TaskStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PluginRegistry plugins;

    /** The notification system's delivery log (feature dtf-notify), for dtf_notifications_total. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NotificationLog notifications;

    private PrometheusRegistry registry;
    private EventMetrics events;

    public DtfMetrics() {
    }

    /** For tests: metrics over the given services ({@code null}: not there). */
    DtfMetrics(Coordinator coordinator, TaskStore store, PluginRegistry plugins, MetricsConfig config) {
        this(coordinator, store, plugins, null, config);
    }

    /** For tests: metrics over the given services, the notification system's log included. */
    DtfMetrics(Coordinator coordinator, TaskStore store, PluginRegistry plugins, NotificationLog notifications,
               MetricsConfig config) {
        this.coordinator = coordinator;
        this.store = store;
        this.plugins = plugins;
        this.notifications = notifications;
        activate(config);
    }

    @Activate
    void activate(MetricsConfig config) {
        registry = new PrometheusRegistry();
        events = new EventMetrics(registry, buckets(config.taskDurationBuckets(), "taskDurationBuckets"),
                buckets(config.testDurationBuckets(), "testDurationBuckets"));
        registry.register(new StateCollector(new ServiceSources()));
        Info build = Info.builder().name("dtf_build").help("The DTF version serving these metrics, and its Java")
                .labelNames("version", "java_version").register(registry);
        build.setLabelValues(version(), System.getProperty("java.version"));
    }

    @Override
    public void on(DtfEvent event) {
        events.record(event, new CoordinatorTasks(coordinator));
    }

    /** Every metric as it is now: read at each scrape and push. */
    MetricSnapshots scrape() {
        return registry.scrape();
    }

    /** The names of the metric families, for a connector's system information. */
    List<String> names() {
        return scrape().stream().map(m -> m.getMetadata().getPrometheusName()).sorted().toList();
    }

    /** An ended attempt's task and test cases from the coordinator, when there is one. */
    private record CoordinatorTasks(Coordinator coordinator) implements EventMetrics.AttemptSource {
        @Override
        public Optional<Task> task(TaskId id) {
            return coordinator == null ? Optional.empty() : coordinator.task(id);
        }

        @Override
        public List<TestCaseResult> testCases(TaskId id, int attempt) {
            if (coordinator == null) {
                return List.of();
            }
            List<TestCaseResult> reported = new ArrayList<>();
            for (int offset = 0; ; offset += Page.MAX_LIMIT) {
                List<StoredTestCase> page = coordinator.testCases(new TestCaseQuery(null, id, null,
                        new Page(offset, Page.MAX_LIMIT), true));
                page.stream().filter(test -> test.attempt() == attempt).forEach(test -> reported.add(test.result()));
                if (page.size() < Page.MAX_LIMIT) {
                    return reported;
                }
            }
        }
    }

    private final class ServiceSources implements StateCollector.Sources {
        @Override
        public Map<TaskState, Long> taskCounts() {
            TaskStore s = store;
            if (s == null) {
                return null;
            }
            Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
            for (TaskState state : TaskState.values()) {
                counts.put(state, s.countTasks(new TaskQuery(null, Set.of(state), null, Page.FIRST)));
            }
            return counts;
        }

        @Override
        public List<WorkerStatus> workers() {
            Coordinator c = coordinator;
            return c == null ? null : c.workers();
        }

        @Override
        public List<PluginInfo> plugins() {
            PluginRegistry p = plugins;
            return p == null ? null : p.plugins();
        }

        @Override
        public Map<String, Map<String, Long>> notifications() {
            NotificationLog log = notifications;
            if (log == null) {
                return null;
            }
            Map<String, Map<String, Long>> counts = new java.util.LinkedHashMap<>();
            log.countersByChannel().forEach((channel, outcomes) -> {
                Map<String, Long> byOutcome = new java.util.LinkedHashMap<>();
                outcomes.forEach((outcome, count) -> byOutcome.put(outcome.name().toLowerCase(java.util.Locale.ROOT), count));
                counts.put(channel, byOutcome);
            });
            return counts;
        }
    }

    private static double[] buckets(double[] bounds, String key) {
        if (bounds == null || bounds.length == 0) {
            throw new IllegalArgumentException(MetricsConfig.PID + ": " + key + " needs at least one upper bound");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!(bounds[i] > 0) || i > 0 && bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException(MetricsConfig.PID + ": " + key + " must be positive and ascending, "
                        + "not " + Arrays.toString(bounds));
            }
        }
        return bounds.clone();
    }

    /** This bundle's version, written into {@code build.properties} by the build. */
    static String version() {
        try (InputStream in = DtfMetrics.class.getResourceAsStream("build.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
