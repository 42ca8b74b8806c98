package io.dtf.rest.impl;

import static io.dtf.testkit.TaskBuilder.T0;
import static io.dtf.testkit.TaskBuilder.task;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.coordinator.SchedulerInfo;
import io.dtf.api.plugin.PluginInfo;
import io.dtf.api.plugin.PluginState;
import io.dtf.api.plugin.PluginType;
import io.dtf.api.pool.ResourcePool;
import io.dtf.api.task.AttemptRecord;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerId;
import io.dtf.rest.impl.auth.Authenticator;
import io.dtf.rest.impl.auth.TokenFile;
import io.dtf.rest.impl.config.RestConfig;
import io.dtf.rest.impl.integrations.Integrations;
import io.dtf.rest.impl.config.TestConfig;
import io.dtf.rest.impl.events.EventHub;
import io.dtf.rest.impl.http.Limits;
import io.dtf.testkit.FakeCIProviders;
import io.dtf.testkit.FakeConnectors;
import io.dtf.testkit.FakeNotificationChannels;
import io.dtf.testkit.FakeCoordinator;
import io.dtf.testkit.FakePluginRegistry;
import io.dtf.testkit.FakeResourcePool;
import io.dtf.testkit.FakeWorkerGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The REST servlet on a real Jetty 9.4 (the one pax-web 8 runs), mapped as the whiteboard maps it, against the
 * test kit's fakes of the coordinator's services, with one token per role. The coordinator holds run r1 ("first":
 * r1.1 passed after one attempt, r1.2 queued) and the scheduler fifo; it accepts every plan as a new run of one
 * queued task, except one containing {@code invalid}, refused with two problems. The gateway refuses the reports
 * of the attempts r1.2#2, r1.4#2 and r1.5#3. Two plugins are installed: io.example.report, an active reporter
 * that failed once, and io.example.broken, unresolved.
 */
final class TestServer implements AutoCloseable {
    static final String ADMIN = "admin-token-0123456789";
    static final String SUBMITTER = "submitter-token-0123456789";
    static final String VIEWER = "viewer-token-0123456789";
    static final String WORKER = "worker-token-0123456789";

    final FakeCoordinator coordinator = new FakeCoordinator();
    final FakeWorkerGateway gateway = new FakeWorkerGateway()
            .stale(new TaskAttempt(TaskId.of("r1.2"), 2), new TaskAttempt(TaskId.of("r1.4"), 2),
                    new TaskAttempt(TaskId.of("r1.5"), 3));
    final FakePluginRegistry plugins = new FakePluginRegistry()
            .add(new PluginInfo("io.example.report", "1.0.0", PluginType.REPORTER, 42, PluginState.ACTIVE, 7, 1, 0,
                    "boom", List.of()))
            .add(new PluginInfo("io.example.broken", "1.0.0", PluginType.CUSTOM, 43, PluginState.UNRESOLVED, 0, 0,
                    0, null, List.of("package org.missing")));
    final EventHub events = new EventHub();
    final FakeCIProviders ciProviders = new FakeCIProviders();
    final CiFakes.Reports ciReports = new CiFakes.Reports();
    final CiFakes.Tokens jobTokens = new CiFakes.Tokens();
    final FakeConnectors connectors = new FakeConnectors();
    final FakeNotificationChannels channels = new FakeNotificationChannels();
    final CiFakes.ListedSilences silences = new CiFakes.ListedSilences();
    final FakeResourcePool pool = new FakeResourcePool();
    /** The pool the API sees: {@code null} as when the feature dtf-browser-pool is not installed. */
    volatile ResourcePool poolService = pool;
    final RestApi api;
    final Server server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final URI base;

    TestServer(Path logRoot, Map<String, Object> config) throws Exception {
        RestConfig settings = TestConfig.of(config);
        Authenticator authenticator = new Authenticator(new TokenFile(logRoot.resolve("tokens.properties")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        authenticator.activate(TestConfig.of(Map.of("_tokens", new String[] {
            "admin:" + ADMIN + ", submitter:" + SUBMITTER, "viewer:" + VIEWER, "worker:" + WORKER})));
        events.start(settings.maxEventClients(), settings.eventBufferSize(), 200);
        fill(coordinator, logRoot);
        api = new RestApi(() -> coordinator, () -> gateway, authenticator, () -> events, () -> plugins,
                new Integrations(() -> ciProviders, () -> ciReports, () -> jobTokens, () -> connectors,
                        () -> channels, () -> null, () -> silences), () -> poolService, Limits.of(settings));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(new RestServlet(api));
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/api/*");
        context.addServlet(holder, "/health");
        context.addServlet(holder, "/ready");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    private static void fill(FakeCoordinator coordinator, Path logRoot) {
        coordinator.logRoot(logRoot);
        // a tail, as workers keep it: no last line end
        TaskResult passed = new TaskResult(TaskState.PASSED, Duration.ofSeconds(1), 0, null, List.of(), List.of(),
                Map.of(), null, "one\ntwo\nthree");
        coordinator.addRun("r1", "first", task().id("r1.1").result(passed).build(), task().id("r1.2").build());
        coordinator.addAttempt(new AttemptRecord(new TaskAttempt(TaskId.of("r1.1"), 1), WorkerId.of("w1"),
                TaskState.PASSED, T0, T0.plusSeconds(1), 0, null, null));
        coordinator.addScheduler(new SchedulerInfo("fifo", true, "io.dtf.coordinator 0.1.0", 0,
                Map.of("decisions", 3L)));
        AtomicInteger lastRun = new AtomicInteger(1);
        coordinator.whenSubmitted((plan, source) -> {
            if (plan.contains("invalid")) {
                throw new DtfException(ErrorCode.INVALID_PLAN, "plan " + source + " is not valid", List.of(
                        new Problem("tasks[0].timeout", "must be positive"), new Problem("tasks[1].type",
                                "unknown type")));
            }
            String run = "r" + lastRun.incrementAndGet();
            return coordinator.addRun(run, "submitted", task().id(run + ".1").build());
        });
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return client.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder builder = request(path, token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String token, String json) throws Exception {
        return post(path, token, "application/json", json);
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        server.stop();
        api.close();
        events.stop();
    }
}
