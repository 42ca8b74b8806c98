package io.dtf.worker.impl.standalone;

import io.dtf.api.DtfException;
import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.worker.Capabilities;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.client.HttpWorkerGateway;
import io.dtf.executor.browser.impl.BrowserTaskExecutor;
import io.dtf.executor.junit.impl.JUnitTaskExecutor;
import io.dtf.http.DtfHttpException;
import io.dtf.http.HttpTransportException;
import io.dtf.http.Secrets;
import io.dtf.pool.browser.impl.pooling.BrowserPool;
import io.dtf.worker.impl.agent.Backoff;
import io.dtf.worker.impl.agent.WorkerAgent;
import io.dtf.worker.impl.capability.CapabilityDetector;
import io.dtf.worker.impl.command.CommandTaskExecutor;
import io.dtf.worker.impl.process.ProcessRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone worker: {@code java -jar dtf-worker.jar --coordinator URL --token T}. A
 * {@link WorkerAgent} with the executors of this jar, on an {@link HttpWorkerGateway}, streaming the
 * logs of running attempts to the coordinator. It waits for an unreachable coordinator (with backoff),
 * stops at once on a refused registration (bad token, wrong URL), and drains on SIGTERM.
 *
 * <p>This package is not part of the OSGi bundle (see the bundle's {@code Private-Package}): only the
 * executable jar, which also holds the HTTP client, contains it.
 */
public final class WorkerMain {
    /** Variables the worker's own process has that its tasks must not see. */
    private static final String[] PRIVATE_VARIABLES = {"DTF_TOKEN"};

    private final WorkerOptions options;
    private final Map<String, String> env;
    private final Logger log;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private HttpWorkerGateway http;
    private LogStreamer streamer;
    private WorkerAgent agent;
    private ProcessRecords processes;
    private BrowserPool browsers;

    WorkerMain(WorkerOptions options, Map<String, String> env) {
        this.options = options;
        this.env = env;
        this.log = LoggerFactory.getLogger(WorkerMain.class);
    }

    /** The JDK's system property that chooses how {@link ProcessBuilder} starts processes. */
    static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    /**
     * Task processes start with vfork+exec on Linux, the JDK's own default there until JDK 12: about
     * 1.7 times faster than JDK 17's posix_spawn through {@code jspawnhelper}, which execs twice per
     * process (measured in docs/performance.md). Set before any process starts; {@code -D} on the
     * command line wins.
     */
    static void useFastProcessLaunch() {
        if (System.getProperty(LAUNCH_MECHANISM) == null
                && System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            System.setProperty(LAUNCH_MECHANISM, "VFORK");
        }
    }

    public static void main(String[] args) {
        useFastProcessLaunch();
        configureLogging();
        WorkerOptions options;
        try {
            options = WorkerOptions.parse(args, System.getenv());
        } catch (WorkerOptions.UsageException e) {
            System.err.println("dtf-worker: " + Secrets.redact(e.getMessage()));
            System.err.println("run with --help for usage");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(WorkerOptions.usage(WorkerOptions.defaultWorkDir(System.getenv())));
            return;
        }
        if (options.version()) {
            System.out.println("dtf-worker " + version());
            return;
        }
        WorkerMain worker = new WorkerMain(options, System.getenv());
        try {
            worker.start();
        } catch (CannotStart e) {
            LoggerFactory.getLogger(WorkerMain.class).error("{}", e.getMessage());
            worker.close();
            System.exit(1);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(worker::drain, "dtf-worker-drain"));
        worker.awaitStop();
    }

    /** The worker cannot start, for a reason waiting will not fix: the coordinator refused it, or its folder is taken. */
    static final class CannotStart extends Exception {
        private static final long serialVersionUID = 1L;

        CannotStart(String message) {
            super(message);
        }
    }

    /**
     * Ends the processes a crash of this worker left running, registers (waiting for the coordinator while
     * it does not answer) and starts taking tasks.
     *
     * @throws CannotStart when another worker uses this one's folder, or the coordinator refuses the registration
     */
    void start() throws CannotStart, InterruptedException {
        String host = CapabilityDetector.hostName();
        Capabilities machine = new CapabilityDetector().detect(options.labels());
        if (options.browserPool() != null) {
            browsers = StandalonePool.start(options.browserPool(), options.workDir().resolve("browser-pool"));
            machine = CapabilityDetector.withPool(machine, probe(browsers));
        }
        Map<String, TaskExecutor> executors = executors(options.workDir(), browsers);
        WorkerInfo info = new WorkerInfo(WorkerAgent.workerId(host, options.name()), options.name(), host,
                machine.withTaskTypes(executors.keySet()), options.slots(), options.prefetch() * options.slots());
        try {
            // before the registration: the coordinator must not count them as running, nor run them twice
            processes = ProcessRecords.takeOver(options.workDir().resolve("processes").resolve(info.id().value()));
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new CannotStart("Worker " + info.id() + " cannot start: " + e.getMessage());
        }
        // one long poll, a report from every slot, and the log stream at once
        http = HttpWorkerGateway.connect(options.coordinator(), options.token(), options.slots() + 3);
        streamer = new LogStreamer(http, info.id());
        register(info);
        agent = new WorkerAgent(new StreamingGateway(http, streamer), info, executors::get,
                options.workDir().resolve("work"), options.workDir().resolve("logs"), options.pollWait())
                .environment(taskEnvironment(env))
                .logFollower(streamer::follow)
                .processRecords(processes);
        agent.startRegistered();
        log.info("Worker {} takes tasks ({}) from {}: {} slots, {} {} {} CPUs {} MiB, labels {}, browsers {}{}{}; "
                        + "work in {}", info.id(), String.join(", ", new java.util.TreeSet<>(info.capabilities().taskTypes())),
                options.coordinator(), info.slots(), info.capabilities().os(), info.capabilities().arch(),
                info.capabilities().cpus(), info.capabilities().memoryMb(), info.capabilities().labels(),
                info.capabilities().browsers(), info.capabilities().webgpu() ? ", webgpu" : "",
                info.capabilities().webnn() ? ", webnn" : "", options.workDir());
    }

    /**
     * The executors of this jar, by the task type each runs: what the worker advertises. The {@code junit}
     * executor runs its test JVMs through the {@code command} one, and extracts its console launcher under
     * {@code workDir}; the {@code browser} one runs in {@code browsers}, when the worker has a pool.
     */
    static Map<String, TaskExecutor> executors(Path workDir, BrowserPool browsers) {
        CommandTaskExecutor command = new CommandTaskExecutor();
        Map<String, TaskExecutor> executors = new HashMap<>(Map.of("command", command,
                "junit", new JUnitTaskExecutor(command, workDir.resolve("junit-launcher"))));
        if (browsers != null) {
            // a browser task's relative script is read from the folder the worker was started in
            executors.put("browser", new BrowserTaskExecutor(browsers, Path.of("").toAbsolutePath()));
        }
        return Map.copyOf(executors);
    }

    /** What the pool's browsers can do (a browser of each profile is started and probed now). */
    private static List<BrowserCapabilities> probe(BrowserPool browsers) throws CannotStart, InterruptedException {
        try {
            return browsers.capabilities();
        } catch (DtfException failed) {
            throw new CannotStart("The browser pool cannot start its browsers: " + failed.getMessage());
        }
    }

    /** The first registration: retried while the coordinator does not answer, fatal when it refuses. */
    private void register(WorkerInfo info) throws CannotStart, InterruptedException {
        Duration backoff = Backoff.MIN;
        for (int tries = 1; ; tries++) {
            try {
                http.register(info);
                return;
            } catch (DtfHttpException e) {
                if (e.status() < 500 && e.status() != 429) {
                    throw new CannotStart("The coordinator " + options.coordinator() + " refused worker " + info.id()
                            + ": " + e.serverCode() + " " + e.getMessage()
                            + (e.status() == 401 || e.status() == 403 ? " (give a worker token with --token, "
                            + "--token-file or DTF_TOKEN)" : ""));
                }
                report(tries, e.serverCode() + " " + e.getMessage(), backoff);
            } catch (HttpTransportException e) {
                report(tries, e.getMessage(), backoff);
            }
            Thread.sleep(backoff.toMillis());
            backoff = Backoff.next(backoff);
        }
    }

    private void report(int tries, String problem, Duration backoff) {
        if (tries == 1 || tries % 12 == 0) {
            log.warn("The coordinator does not answer ({}); trying again every {} s", problem,
                    Math.max(1, backoff.toSeconds()));
        }
    }

    /**
     * Takes no new tasks, finishes the running ones (stops them after the drain time-out), unregisters
     * and releases everything. What SIGTERM does.
     */
    void drain() {
        try {
            if (agent != null) {
                int running = agent.running().size();
                log.info("Worker {} drains: taking no new tasks, waiting for {} running", agent.info().id(), running);
                if (!agent.drain(options.drainTimeout())) {
                    log.warn("Worker {}: {} still running after {}; stopping them", agent.info().id(),
                            agent.running(), options.drainTimeout());
                    agent.shutdown();
                }
                log.info("Worker {} stopped", agent.info().id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            agent.shutdown();
        } finally {
            close();
        }
    }

    private void close() {
        if (streamer != null) {
            streamer.close();
        }
        if (http != null) {
            http.close();
        }
        if (processes != null) {
            processes.close();
        }
        if (browsers != null) {
            browsers.close();
        }
        stopped.countDown();
    }

    private void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Visible for testing. */
    boolean awaitStop(Duration max) throws InterruptedException {
        return stopped.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Visible for testing. */
    WorkerAgent agent() {
        return agent;
    }

    /** The environment tasks start from: this process's, less the worker's own secrets. */
    static Map<String, String> taskEnvironment(Map<String, String> env) {
        Map<String, String> copy = new HashMap<>(env);
        for (String name : PRIVATE_VARIABLES) {
            copy.remove(name);
        }
        return copy;
    }

    /** slf4j-simple: time stamps, and HttpClient's chatter only when it matters; -D settings win. */
    private static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.log.org.apache.hc", "warn");
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    static String version() {
        try (InputStream in = WorkerMain.class.getResourceAsStream(
                "/META-INF/maven/io.dtf/io.dtf.worker/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "(unknown version)");
            }
        } catch (IOException e) {
            // no version to show
        }
        return "(development build)";
    }
}
