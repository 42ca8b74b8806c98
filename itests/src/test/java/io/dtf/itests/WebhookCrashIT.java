package io.dtf.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The example webhook notifier (docs/examples/webhook) in the real distribution, and a receiver in this JVM that
 * acts once per event id, as the notifier's documentation asks receivers to. The coordinator is killed with
 * SIGKILL after a run's last result was stored and while RUN_COMPLETED is being delivered (the receiver has
 * applied its effect and holds its answer back, so the delivery is never acknowledged). After the restart
 * the event is delivered again, from the store: the receiver gets it twice and applies it once.
 */
public class WebhookCrashIT {
    private static final String SECRET = "whsec-crash-test-5b1f0c";

    private DistributionCopy karaf;
    private HttpServer receiver;
    /** Every delivery: event id, in arrival order. */
    private final List<String> deliveries = new CopyOnWriteArrayList<>();
    /** The effects applied, one per event id: the body of its first delivery. */
    private final Map<String, String> effects = new ConcurrentHashMap<>();
    private final Set<String> badSignatures = ConcurrentHashMap.newKeySet();
    private final CountDownLatch firstCompletionArrived = new CountDownLatch(1);
    private final CountDownLatch releaseFirstAnswer = new CountDownLatch(1);

    @Before
    public void distributionWithTheWebhookAndAReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.createContext("/hooks/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("X-DTF-Event-Id");
            String timestamp = exchange.getRequestHeaders().getFirst("X-DTF-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-DTF-Signature-256");
            if (!signature.equals(sign(timestamp, body))) {
                badSignatures.add(id);
            }
            deliveries.add(id);
            boolean first = effects.putIfAbsent(id, new String(body, StandardCharsets.UTF_8)) == null;
            if (first && id.endsWith(":RUN_COMPLETED") && firstCompletionArrived.getCount() > 0) {
                firstCompletionArrived.countDown();
                try {
                    releaseFirstAnswer.await(120, TimeUnit.SECONDS); // the coordinator dies waiting
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        karaf = new DistributionCopy("webhook-karaf", 8251);
        Path jar = Path.of(System.getProperty("dtf.example.webhook"));
        Files.createDirectories(karaf.home.resolve("deploy"));
        Files.copy(jar, karaf.home.resolve("deploy").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        String cfg = "etc/org.example.dtf.webhook-crash.cfg";
        karaf.setProperty(cfg, ".url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/crash");
        karaf.setProperty(cfg, ".secret", SECRET);
    }

    @After
    public void stopAll() {
        releaseFirstAnswer.countDown();
        if (karaf != null) {
            karaf.kill();
        }
        receiver.stop(0);
    }

    @Test
    public void aRunCompletedInterruptedByACrashIsDeliveredAfterTheRestartAndTakesEffectOnce() throws Exception {
        karaf.start();
        karaf.awaitClient("dtf:plugins", "webhook-notifier", 60);
        Path plan = karaf.home.resolve("webhook-plan.yaml");
        Files.writeString(plan, "name: webhook-crash\nlabels: {team: web}\ntasks:\n"
                + "  - {name: ok, type: command, command: ['true']}\n"
                + "  - {name: broken, type: command, command: ['false']}\n");
        String submitted = karaf.client("dtf:submit " + plan);
        Matcher runId = Pattern.compile("\\b(r\\d+)\\b").matcher(submitted);
        assertTrue(submitted, runId.find());
        String completion = runId.group(1) + ":RUN_COMPLETED";

        assertTrue("RUN_COMPLETED reached the receiver; deliveries: " + deliveries,
                firstCompletionArrived.await(90, TimeUnit.SECONDS));
        ProcessHandle jvm = karaf.process().orElseThrow();
        jvm.destroyForcibly(); // SIGKILL while the delivery waits for its answer: never acknowledged
        jvm.onExit().get(30, TimeUnit.SECONDS);
        releaseFirstAnswer.countDown();

        karaf.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (deliveries.stream().filter(completion::equals).count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("delivered again after the restart: " + deliveries, 2,
                deliveries.stream().filter(completion::equals).count());
        assertEquals("one effect per event id", 1, effects.keySet().stream().filter(completion::equals).count());
        assertTrue("every delivery signed with the configured secret: " + badSignatures, badSignatures.isEmpty());
        String body = effects.get(completion);
        assertNotNull(body);
        assertTrue(body, body.contains("\"state\":\"FAILED\"") && body.contains("\"team\":\"web\"")
                && body.contains("\"total\":2"));
        String plugins = karaf.client("dtf:plugins");
        assertTrue(plugins, plugins.contains("(durable)"));
        assertTrue("the URL and secret are never shown: " + plugins, !plugins.contains(SECRET)
                && !plugins.contains("/hooks/crash"));
    }

    private static String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
