package io.dtf.worker.impl.local;

import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.ResourcePool;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.worker.impl.agent.WorkerAgent;
import io.dtf.worker.impl.agent.prefetch.Prefetch;
import io.dtf.worker.impl.capability.CapabilityDetector;
import io.dtf.worker.impl.process.ProcessRecords;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker embedded in Karaf: a {@link WorkerAgent} on the coordinator's {@link WorkerGateway}
 * service, running tasks with the {@link TaskExecutor} services by their {@code dtf.task.type}, and advertising what
 * the browser pool ({@link ResourcePool}, {@code dtf.pool=browser}) was probed to have, when there is one.
 */
@Component(configurationPid = LocalWorker.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = LocalWorker.Config.class)
public final class LocalWorker {
    static final String PID = "io.dtf.worker";
    private static final Logger LOG = LoggerFactory.getLogger(LocalWorker.class);

    @ObjectClassDefinition(id = PID, name = "DTF local worker",
            description = "The worker that runs tasks inside this Karaf")
    public @interface Config {
        @AttributeDefinition(description = "Whether this Karaf runs tasks at all")
        boolean enabled() default true;

        @AttributeDefinition(description = "Name of the worker; with the host name it makes the worker id")
        String name() default "local";

        @AttributeDefinition(description = "Tasks run at once; 0 = the number of CPUs")
        int slots() default 0;

        @AttributeDefinition(description = "Short tasks held per slot, waiting to start right after the running one "
                + "(0 to 8); only while tasks take under 50 ms on average")
        int prefetch() default Prefetch.MAX_PER_SLOT;

        @AttributeDefinition(description = "Labels tasks can require")
        String[] labels() default {};

        @AttributeDefinition(description = "Where attempts without a workdir get their folder")
        String workRoot() default "${karaf.data}/dtf/work";

        @AttributeDefinition(description = "Where attempt logs are kept")
        String logRoot() default "${karaf.data}/dtf/logs";

        @AttributeDefinition(description = "Where the processes of running attempts are recorded, so that the worker "
                + "ends those a crash of Karaf left running when it starts again")
        String processRoot() default "${karaf.data}/dtf/processes";

        @AttributeDefinition(description = "How long one long poll waits for work, in milliseconds")
        long pollWaitMillis() default 30_000;
    }

    /** An executor service and its ranking. */
    private record Ranked(TaskExecutor executor, int ranking, long serviceId) {
    }

    private final Map<String, List<Ranked>> executors = new HashMap<>();

    @Reference
    private WorkerGateway gateway;
    private volatile WorkerAgent agent;
    private ProcessRecords processes;
    /** What this machine offers, without its task types and its pool's browsers. */
    private volatile Capabilities machine;
    /** The browser pool bound now, and what its browsers were probed to have (empty until probed). */
    private volatile ResourcePool pool;
    private volatile List<BrowserCapabilities> poolBrowsers = List.of();

    public LocalWorker() {
    }

    /** Visible for testing. */
    LocalWorker(WorkerGateway gateway) {
        this.gateway = gateway;
    }

    /** Runs after the executors present now are bound: a first task does not miss its executor. */
    @Activate
    void activate(Config config) {
        if (!config.enabled()) {
            LOG.info("The local worker is disabled ({} enabled=false)", PID);
            return;
        }
        Path processRoot = Path.of(resolve(config.processRoot()));
        try {
            // before the agent registers: the coordinator must not count them as running, nor run them twice
            processes = ProcessRecords.takeOver(processRoot);
        } catch (IllegalStateException | UncheckedIOException e) {
            LOG.error("The local worker does not start: {}", e.getMessage());
            return;
        }
        machine = new CapabilityDetector().detect(labels(config.labels()));
        int slots = config.slots() > 0 ? config.slots() : CapabilityDetector.cpus();
        String host = CapabilityDetector.hostName();
        WorkerInfo info = new WorkerInfo(WorkerAgent.workerId(host, config.name()), config.name(), host,
                capabilities(), slots, Math.max(0, Math.min(Prefetch.MAX_PER_SLOT, config.prefetch())) * slots);
        agent = new WorkerAgent(gateway, info, this::executor, Path.of(resolve(config.workRoot())),
                Path.of(resolve(config.logRoot())), Duration.ofMillis(Math.max(100, config.pollWaitMillis())))
                .processRecords(processes);
        agent.start();
        LOG.info("Local worker {} started: {} slots, {}", info.id(), slots, info.capabilities());
    }

    @Deactivate
    void deactivate() {
        if (agent != null) {
            agent.shutdown();
        }
        if (processes != null) {
            processes.close();
        }
    }

    /** The agent, when enabled; visible for testing. */
    WorkerAgent agent() {
        return agent;
    }

    @Reference(service = TaskExecutor.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addExecutor(TaskExecutor executor, Map<String, Object> properties) {
        Ranked ranked = new Ranked(executor, ranking(properties), serviceId(properties));
        synchronized (executors) {
            for (String type : types(properties)) {
                List<Ranked> list = executors.computeIfAbsent(type, t -> new ArrayList<>());
                list.add(ranked);
                // highest ranking first, then the oldest service
                list.sort(Comparator.comparingInt(Ranked::ranking).reversed().thenComparingLong(Ranked::serviceId));
            }
        }
        advertise();
    }

    void removeExecutor(TaskExecutor executor, Map<String, Object> properties) {
        synchronized (executors) {
            for (String type : types(properties)) {
                List<Ranked> list = executors.get(type);
                if (list != null) {
                    list.removeIf(r -> r.executor() == executor);
                    if (list.isEmpty()) {
                        executors.remove(type);
                    }
                }
            }
        }
        advertise();
    }

    /**
     * A browser pool came: what its browsers can do is probed in the background (the first probe starts a browser,
     * a second or so), then advertised, so that browser tasks needing WebGPU or WebNN come to this worker.
     */
    @Reference(service = ResourcePool.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + ResourcePool.PROPERTY + "=browser)")
    void bindPool(ResourcePool bound) {
        pool = bound;
        Thread probe = new Thread(() -> probe(bound), "dtf-worker-pool-probe");
        probe.setDaemon(true);
        probe.start();
    }

    void unbindPool(ResourcePool unbound) {
        if (pool == unbound) {
            pool = null;
            poolBrowsers = List.of();
            advertise();
        }
    }

    private void probe(ResourcePool probed) {
        try {
            List<BrowserCapabilities> browsers = probed.capabilities();
            if (pool == probed) {
                poolBrowsers = List.copyOf(browsers);
                LOG.info("The browser pool offers {}", browsers.stream().map(b -> b.profile() + " (" + b.browserType()
                        + ", webgpu " + b.webgpu().available() + ", webnn " + b.webnn().devices() + ")").toList());
                advertise();
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException failed) {
            LOG.warn("Could not probe the browser pool; the worker advertises no browser of it: {}",
                    failed.getMessage());
        }
    }

    /** What the worker offers now: the machine, its pool's browsers, the task types of its executors. */
    private Capabilities capabilities() {
        return CapabilityDetector.withPool(machine, poolBrowsers).withTaskTypes(taskTypes());
    }

    /** The task types of the executors bound now. */
    private Set<String> taskTypes() {
        synchronized (executors) {
            return Set.copyOf(executors.keySet());
        }
    }

    /** An executor or a browser pool came or went while the worker runs: it tells the coordinator what it offers now. */
    private void advertise() {
        WorkerAgent running = agent;
        if (running != null) {
            running.advertise(capabilities());
        }
    }

    /** The executor for a task type, or {@code null}. */
    TaskExecutor executor(String type) {
        synchronized (executors) {
            List<Ranked> list = executors.get(type);
            return list == null ? null : list.get(0).executor();
        }
    }

    /** Labels as given; a .cfg file gives {@code a, b} as one string. */
    static List<String> labels(String[] configured) {
        return configured == null ? List.of() : Arrays.stream(configured)
                .flatMap(l -> Arrays.stream(l.split(",")))
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    private static List<String> types(Map<String, Object> properties) {
        Object value = properties.get(TaskExecutor.PROPERTY);
        if (value instanceof String[] array) {
            return List.of(array);
        }
        if (value instanceof Iterable<?> iterable) {
            List<String> types = new ArrayList<>();
            iterable.forEach(t -> types.add(String.valueOf(t)));
            return types;
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    private static long serviceId(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
    }

    /** Replaces {@code ${karaf.data}} by the system property (the temporary folder outside Karaf). */
    static String resolve(String path) {
        String data = System.getProperty("karaf.data");
        if (data == null || data.isBlank()) {
            data = Path.of(System.getProperty("java.io.tmpdir"), "dtf-karaf-data").toString();
        }
        return path.replace("${karaf.data}", data);
    }
}
