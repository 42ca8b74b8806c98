package io.dtf.connector.prometheus.impl;

import io.dtf.api.plugin.HookInfo;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerState;
import io.dtf.api.worker.WorkerStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics read from DTF's services when Prometheus scrapes: the queue and tasks by state (the store's counts),
 * workers and their slots by state (the coordinator's registry), and each plugin's delivery counters (the plugin
 * registry's). A service that is not there (the coordinator restarting) or fails leaves its metrics out of that
 * scrape and sets {@code dtf_metrics_source_up} to 0 for it, rather than failing the whole scrape.
 */
final class StateCollector implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(StateCollector.class);

    /** Where the numbers come from; each may answer {@code null} when its service is not there. */
    interface Sources {
        /** Tasks per state, as stored; {@code null} without a store. */
        Map<TaskState, Long> taskCounts();

        /** The registered workers; {@code null} without a coordinator. */
        List<WorkerStatus> workers();

        /** The installed plugins; {@code null} without the plugin registry. */
        List<PluginInfo> plugins();

        /**
         * The notification system's outcomes by channel and outcome (events' own outcomes under {@code ""});
         * {@code null} without the notification system.
         */
        Map<String, Map<String, Long>> notifications();
    }

    /** Distinct channel names kept as label values; more are summed as {@value #OTHER}. */
    static final int MAX_CHANNELS = 64;
    static final String OTHER = "other";

    private final Sources sources;

    StateCollector(Sources sources) {
        this.sources = sources;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> metrics = new ArrayList<>();
        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("dtf_metrics_source_up")
                .help("Whether the last scrape could read each source of DTF's state metrics (1) or not (0): store, "
                        + "coordinator, plugins, notifications");
        up.dataPoint(gauge("source", "store", read("store", () -> tasks(metrics))));
        up.dataPoint(gauge("source", "coordinator", read("coordinator", () -> workers(metrics))));
        up.dataPoint(gauge("source", "plugins", read("plugins", () -> plugins(metrics))));
        up.dataPoint(gauge("source", "notifications", read("notifications", () -> notifications(metrics))));
        metrics.add(up.build());
        return new MetricSnapshots(metrics);
    }

    /** Runs one source's part; 1 when it answered, 0 when it is not there or failed (logged, never thrown). */
    private static double read(String source, SourceRead part) {
        try {
            return part.run() ? 1 : 0;
        } catch (RuntimeException failed) {
            LOG.warn("DTF metrics: the {} could not be read for this scrape: {}", source, failed.toString());
            return 0;
        }
    }

    @FunctionalInterface
    private interface SourceRead {
        /** Adds the source's metrics; {@code false} when the source is not there. */
        boolean run();
    }

    private boolean tasks(List<MetricSnapshot> metrics) {
        Map<TaskState, Long> counts = sources.taskCounts();
        if (counts == null) {
            return false;
        }
        metrics.add(GaugeSnapshot.builder().name("dtf_queue_depth")
                .help("Tasks waiting in the queue for a worker slot (tasks in state queued)")
                .dataPoint(GaugeDataPointSnapshot.builder().value(counts.getOrDefault(TaskState.QUEUED, 0L)).build())
                .build());
        GaugeSnapshot.Builder byState = GaugeSnapshot.builder().name("dtf_tasks")
                .help("Tasks in the store by state: queued, leased and running ones are in progress; the others "
                        + "finished and are kept until purged");
        for (TaskState state : TaskState.values()) {
            byState.dataPoint(gauge("state", EventMetrics.lower(state.name()), counts.getOrDefault(state, 0L)));
        }
        metrics.add(byState.build());
        return true;
    }

    private boolean workers(List<MetricSnapshot> metrics) {
        List<WorkerStatus> workers = sources.workers();
        if (workers == null) {
            return false;
        }
        Map<WorkerState, Integer> byState = new EnumMap<>(WorkerState.class);
        long busySlots = 0;
        long freeSlots = 0;
        for (WorkerStatus worker : workers) {
            byState.merge(worker.state(), 1, Integer::sum);
            if (worker.state() != WorkerState.LOST) {
                busySlots += worker.busySlots();
                freeSlots += Math.max(0, worker.info().slots() - worker.busySlots());
            }
        }
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name("dtf_workers")
                .help("Registered workers by state: idle, busy, draining, lost");
        for (WorkerState state : WorkerState.values()) {
            gauge.dataPoint(gauge("state", EventMetrics.lower(state.name()), byState.getOrDefault(state, 0)));
        }
        metrics.add(gauge.build());
        metrics.add(GaugeSnapshot.builder().name("dtf_worker_slots")
                .help("Task slots of connected (not lost) workers: busy with a leased or running task, or free")
                .dataPoint(gauge("state", "busy", busySlots)).dataPoint(gauge("state", "free", freeSlots)).build());
        return true;
    }

    private boolean plugins(List<MetricSnapshot> metrics) {
        List<PluginInfo> plugins = sources.plugins();
        if (plugins == null) {
            return false;
        }
        metrics.add(counter("dtf_plugin_deliveries", "Events delivered to each plugin's hooks since the coordinator "
                + "started", plugins, PluginInfo::delivered));
        metrics.add(counter("dtf_plugin_failures", "Events each plugin's hooks failed on or took too long with",
                plugins, PluginInfo::failures));
        metrics.add(counter("dtf_plugin_dropped", "Events dropped because a plugin's hooks (delivered from memory) "
                + "fell behind", plugins, PluginInfo::dropped));
        GaugeSnapshot.Builder parked = GaugeSnapshot.builder().name("dtf_plugin_parked_events")
                .help("Events each plugin's durable hooks gave up on, waiting to be sent again on request");
        for (PluginInfo plugin : plugins) {
            parked.dataPoint(gauge("plugin", plugin.name(), plugin.hooks().stream().mapToLong(HookInfo::parked).sum()));
        }
        metrics.add(parked.build());
        return true;
    }

    /** The notification system's delivery log counters: by outcome and channel, channels beyond a cap as one. */
    private boolean notifications(List<MetricSnapshot> metrics) {
        Map<String, Map<String, Long>> byChannel = sources.notifications();
        if (byChannel == null) {
            return false;
        }
        Map<String, Map<String, Long>> kept = new java.util.TreeMap<>();
        int named = 0;
        for (Map.Entry<String, Map<String, Long>> channel : new java.util.TreeMap<>(byChannel).entrySet()) {
            String name = channel.getKey().isEmpty() || named++ < MAX_CHANNELS ? channel.getKey() : OTHER;
            Map<String, Long> outcomes = kept.computeIfAbsent(name, n -> new java.util.TreeMap<>());
            channel.getValue().forEach((outcome, count) -> outcomes.merge(outcome, count, Long::sum));
        }
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name("dtf_notifications")
                .help("The notification system's outcomes since it started: messages sent, retried and failed by "
                        + "channel; events grouped, silenced, inhibited, repeated, unrouted or duplicate (channel \"\")");
        kept.forEach((channel, outcomes) -> outcomes.forEach((outcome, count) -> counter.dataPoint(
                CounterDataPointSnapshot.builder().labels(Labels.of("channel", channel, "outcome", outcome))
                        .value(count).build())));
        metrics.add(counter.build());
        return true;
    }

    private static CounterSnapshot counter(String name, String help, List<PluginInfo> plugins,
                                           ToLongFunction<PluginInfo> value) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        for (PluginInfo plugin : plugins) {
            counter.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("plugin", plugin.name()))
                    .value(value.applyAsLong(plugin)).build());
        }
        return counter.build();
    }

    private static GaugeDataPointSnapshot gauge(String label, String value, double number) {
        return GaugeDataPointSnapshot.builder().labels(Labels.of(label, value)).value(number).build();
    }
}
