package org.example.dtf.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookFailure;
import io.dtf.api.task.CIContext;
import io.dtf.api.task.TaskState;
import io.dtf.testkit.RunReportBuilder;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The notifier against a real HTTP server in this JVM: what it posts, how it signs, how it fails. */
class WebhookNotifierTest {
    private static final String SECRET = "whsec-example-0123456789";
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    /** One request as the receiver saw it. */
    private record Received(String path, Map<String, String> headers, byte[] body) {
    }

    private final BlockingQueue<Received> received = new ArrayBlockingQueue<>(10);
    private volatile int status = 200;
    private HttpServer receiver;
    private WebhookNotifier notifier;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            received.add(new Received(exchange.getRequestURI().getPath(), headers, body));
            byte[] answer = status == 200 ? new byte[0] : "{\"error\":\"refused\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
        notifier = notifier("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/dtf-7f3a");
    }

    @AfterEach
    void stop() {
        notifier.deactivate();
        receiver.stop(0);
    }

    @Test
    void aFinishedRunIsPostedAsASignedSummaryNamedByItsEventId() throws Exception {
        CIContext ci = new CIContext("github", "acme/shop", "4f2c9e1", "feature/login", 42, "1234567",
                URI.create("https://github.com/acme/shop/actions/runs/1234567"), Map.of());
        DtfEvent completed = RunReportBuilder.run("r12", "nightly").tasks(TaskState.PASSED, 5)
                .tasks(TaskState.FAILED, 1).testCases(120).failedTest("org.example.LoginTest", "wrongPassword",
                        "expected 401 but was 200").failedTestsLeftOut(2).label("team", "web").ci(ci).event();

        notifier.on(completed);

        Received post = received.poll(5, TimeUnit.SECONDS);
        assertEquals("/hooks/dtf-7f3a", post.path());
        assertEquals("r12:RUN_COMPLETED", post.headers().get("x-dtf-event-id"));
        assertEquals("RUN_COMPLETED", post.headers().get("x-dtf-event-type"));
        assertEquals("application/json", post.headers().get("content-type").split(";")[0]);
        long timestamp = Long.parseLong(post.headers().get("x-dtf-timestamp"));
        assertEquals(NOW.getEpochSecond(), timestamp);
        assertTrue(Signature.verify(SECRET.getBytes(StandardCharsets.UTF_8), timestamp, post.body(),
                post.headers().get("x-dtf-signature-256")), "the receiver can check the signature");
        assertFalse(Signature.verify("another-secret".getBytes(StandardCharsets.UTF_8), timestamp, post.body(),
                post.headers().get("x-dtf-signature-256")));

        JsonNode json = new ObjectMapper().readTree(post.body());
        assertEquals("r12:RUN_COMPLETED", json.get("id").asText());
        JsonNode run = json.get("run");
        assertEquals("FAILED", run.get("state").asText());
        assertEquals(6, run.get("tasks").get("total").asInt());
        assertEquals(1, run.get("tasks").get("FAILED").asInt());
        assertEquals(3, run.get("failedTestCases").asInt());
        assertEquals("web", run.get("labels").get("team").asText());
        assertEquals(42, run.get("ci").get("pullRequest").asInt());
        assertEquals("4f2c9e1", run.get("ci").get("commit").asText());
        assertEquals("http://dtf.example:8181/api/v1/runs/r12", run.get("link").asText());
        assertEquals(180.0, run.get("durationSeconds").asDouble());
        assertEquals("wrongPassword", json.get("failedTests").get(0).get("name").asText());
        assertEquals(2, json.get("failedTestsLeftOut").asInt());
        assertFalse(new String(post.body(), StandardCharsets.UTF_8).contains(SECRET));
    }

    @Test
    void aServerErrorIsWorthRetryingAndARefusalIsNot() {
        DtfEvent completed = RunReportBuilder.run("r13", "nightly").tasks(TaskState.PASSED, 1).event();
        status = 503;
        HookFailure unavailable = assertThrows(HookFailure.class, () -> notifier.on(completed));
        assertFalse(unavailable.permanent(), unavailable.getMessage());
        assertTrue(unavailable.getMessage().startsWith("HTTP 503"), unavailable.getMessage());

        status = 400;
        HookFailure refused = assertThrows(HookFailure.class, () -> notifier.on(completed));
        assertTrue(refused.permanent(), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("HTTP 400"), refused.getMessage());
        assertFalse(refused.getMessage().contains("dtf-7f3a"), "the URL's secret path is not shown: "
                + refused.getMessage());
    }

    @Test
    void anUnreachableReceiverIsWorthRetrying() {
        receiver.stop(0);
        DtfEvent completed = RunReportBuilder.run("r14", "nightly").tasks(TaskState.PASSED, 1).event();
        HookFailure unreachable = assertThrows(HookFailure.class, () -> notifier.on(completed));
        assertFalse(unreachable.permanent(), unreachable.getMessage());
    }

    @Test
    void aConfigurationWithoutASecretIsRefusedByName() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new WebhookNotifier().activate(config("http://127.0.0.1:1/x", "")));
        assertTrue(missing.getMessage().contains(".secret is required"), missing.getMessage());
    }

    private static WebhookNotifier notifier(String url) {
        WebhookNotifier notifier = new WebhookNotifier();
        notifier.activate(config(url, SECRET));
        notifier.clock(Clock.fixed(NOW, ZoneOffset.UTC));
        return notifier;
    }

    /** The configuration as Declarative Services makes it from etc/org.example.dtf.webhook-<name>.cfg. */
    private static WebhookConfig config(String url, String secret) {
        Map<String, Object> values = Map.of("_url", url, "_secret", secret, "timeoutSeconds", 5);
        return (WebhookConfig) Proxy.newProxyInstance(WebhookConfig.class.getClassLoader(),
                new Class<?>[] {WebhookConfig.class}, (proxy, method, args) -> values.get(method.getName()));
    }
}
