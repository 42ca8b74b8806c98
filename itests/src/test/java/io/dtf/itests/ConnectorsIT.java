package io.dtf.itests;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The connectors in the real distribution (feature dtf-connectors, part of dtf), as a user configures and checks them:
 * an e-mail channel against a real SMTP server (GreenMail, in this JVM), a Slack channel against a WireMock Slack that
 * answers as https://api.slack.com/methods/chat.postMessage says, and DTF's /metrics scraped by a real Prometheus
 * server (Debian's prometheus package, which .ci/run installs) whose query API returns the run's figures.
 */
public class ConnectorsIT {
    private static final String BOT_TOKEN = "xoxb-" + "0000000000-1111111111-ConnectorsItToken";
    private static final String SMTP_PASSWORD = "smtp-password-of-the-connectors-it";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DistributionCopy karaf;
    private MailAndSlack channels;
    private GreenMail smtp;
    private WireMockServer slack;
    private Process prometheus;

    @Before
    public void distributionWithMailAndSlack() throws Exception {
        channels = new MailAndSlack(SMTP_PASSWORD, BOT_TOKEN);
        smtp = channels.smtp;
        slack = channels.slack;
        karaf = new DistributionCopy("connectors-karaf", 8311);
        channels.configure(karaf);
        // the notification system routes failed runs to both channels, a run's end at once
        Files.writeString(karaf.home.resolve("etc/dtf-notify.yaml"), String.join("\n",
                "route:",
                "  channels: []",
                "  routes:",
                "    - match: {type: RUN_COMPLETED}",
                "      min_severity: ERROR",
                "      channels: [ops, team]",
                "      group_by: [run]",
                "      group_wait: 0s",
                ""));
    }

    @After
    public void stopAll() {
        if (prometheus != null) {
            prometheus.destroyForcibly();
        }
        if (karaf != null) {
            karaf.kill();
        }
        channels.close();
    }

    @Test
    public void channelsAreCheckedByTheirTestMessagesAndPrometheusScrapesTheRunsFigures() throws Exception {
        karaf.start();
        String connectors = karaf.awaitClient("dtf:connectors", "slack", 60);
        assertTrue(connectors, connectors.contains("ops ") && connectors.contains("email"));
        assertFalse("no secret in dtf:connectors:\n" + connectors,
                connectors.contains(BOT_TOKEN) || connectors.contains(SMTP_PASSWORD));

        String mailed = karaf.client("dtf:connector-test ops");
        assertTrue(mailed, mailed.contains("ops test message: OK"));
        assertTrue("the mail arrived", smtp.waitForIncomingEmail(30_000, 1));
        MimeMessage message = smtp.getReceivedMessages()[0];
        assertTrue(message.getSubject(), message.getSubject().contains("DTF test message"));
        assertEquals("qa@example.org", message.getAllRecipients()[0].toString());
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertTrue(parts.getContentType(), parts.getContentType().startsWith("multipart/alternative"));
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain") && parts.getBodyPart(1).isMimeType("text/html"));

        String posted = karaf.client("dtf:connector-test team");
        assertTrue(posted, posted.contains("team test message: OK"));
        slack.verify(postRequestedFor(urlEqualTo("/api/chat.postMessage"))
                .withHeader("Authorization", equalTo("Bearer " + BOT_TOKEN)));
        JsonNode body = JSON.readTree(slack.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertEquals("C0123456789", body.get("channel").asText());
        assertTrue(body.toString(), body.get("blocks").toString().contains("DTF test message"));

        Path plan = Path.of(System.getProperty("dtf.examples"), "quickstart.yaml");
        String run = karaf.client("dtf:submit " + plan + " --wait");
        assertTrue(run, run.contains("FAILED"));
        // the failed run is told by mail and in Slack, through the notification system
        assertTrue("the run's notification arrived by mail", smtp.waitForIncomingEmail(60_000, 2));
        MimeMessage told = smtp.getReceivedMessages()[1];
        assertTrue(told.getSubject(), told.getSubject().contains("quickstart"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (slack.getAllServeEvents().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals("the test message and the run's notification", 2, slack.getAllServeEvents().size());
        String log = karaf.client("dtf:notifications");
        assertTrue(log, log.contains("sent") && log.contains("ops") && log.contains("team"));
        List<String> tokenLines = karaf.client("dtf:token").lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        HttpResponse<String> overRest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + karaf.httpPort + "/api/v1/notifications"))
                .header("Authorization", "Bearer " + tokenLines.get(tokenLines.size() - 1)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(overRest.body(), 200, overRest.statusCode());
        assertTrue(overRest.body(), overRest.body().contains("\"outcome\":\"SENT\"") && overRest.body().contains("\"channel\":\"ops\""));

        String metrics = get("http://127.0.0.1:" + karaf.httpPort + "/metrics");
        assertTrue(metrics, metrics.contains("dtf_runs_completed_total{state=\"failed\"} 1.0"));

        assumeTrue("Debian's prometheus package (installed by .ci/run)", Files.isExecutable(Path.of("/usr/bin/prometheus")));
        int port = StockKaraf.freePort();
        Path dir = Files.createTempDirectory("dtf-prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                + "  - job_name: dtf\n    static_configs:\n      - targets: ['127.0.0.1:" + karaf.httpPort + "']\n");
        prometheus = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String query = "http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode("dtf_runs_completed_total{state=\"failed\"}", StandardCharsets.UTF_8);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String answer = "";
        while (System.nanoTime() < deadline) {
            try {
                answer = get(query);
                JsonNode result = JSON.readTree(answer).path("data").path("result");
                if (result.size() == 1) {
                    assertEquals("1", result.get(0).path("value").get(1).asText());
                    assertEquals("dtf", result.get(0).path("metric").path("job").asText());
                    return;
                }
            } catch (java.io.IOException notYet) {
                answer = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus never returned DTF's run count: " + answer + "\n"
                + Files.readString(dir.resolve("prometheus.log")));
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new java.io.IOException(url + ": HTTP " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }
}
