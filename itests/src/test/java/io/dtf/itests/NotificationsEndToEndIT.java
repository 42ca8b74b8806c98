package io.dtf.itests;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import io.dtf.connector.jira.testing.FakeJira;
import io.dtf.connector.testrail.testing.FakeTestRail;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The issue's end-to-end case in the real distribution: a run with failing tests is told everywhere a team looks,
 * the coordinator is killed (kill -9) while it is telling, and after the restart nothing is lost and nothing is
 * told twice. Each destination is a real server where one runs here (GreenMail for SMTP) and otherwise a WireMock
 * that follows the vendor's public reference: Jira Cloud REST v3 and TestRail API v2 through the stateful fakes of
 * their connectors' tests ({@link FakeJira}, {@link FakeTestRail}: search/jql, create issue, comments, transitions;
 * get_runs, add_run, get_tests, add_results_for_cases, close_run), Slack's chat.postMessage
 * (https://api.slack.com/methods/chat.postMessage: {@code ok}, {@code channel}, {@code ts}; replies carry
 * {@code thread_ts}).
 *
 * <p>Three runs of one plan: two tests fail (one Jira issue each, one Slack thread, one e-mail per message, a
 * TestRail run with the results), the same two fail again (a comment on each issue, no new issue, no new message:
 * a repeat of the same failure is not news), then they pass (each issue takes its transition; "back to normal" is
 * told).
 */
public class NotificationsEndToEndIT {
    private static final String SLACK_TOKEN = "slack-token-of-the-end-to-end-it";
    private static final String SMTP_PASSWORD = "smtp-password-of-the-end-to-end-it";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DistributionCopy karaf;
    private MailAndSlack channels;
    private GreenMail smtp;
    private WireMockServer slack;
    private WireMockServer jira;
    private WireMockServer testRail;
    private final FakeJira fakeJira = new FakeJira();
    private final FakeTestRail fakeTestRail = new FakeTestRail(Instant.now());
    private Path fixed;
    private Path plan;

    @Before
    public void distributionWithEveryDestination() throws Exception {
        channels = new MailAndSlack(SMTP_PASSWORD, SLACK_TOKEN);
        smtp = channels.smtp;
        slack = channels.slack;
        jira = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(fakeJira));
        jira.start();
        jira.stubFor(any(anyUrl()).willReturn(ok()));
        testRail = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(fakeTestRail));
        testRail.start();
        testRail.stubFor(any(anyUrl()).willReturn(ok()));

        karaf = new DistributionCopy("e2e-karaf", 8341);
        channels.configure(karaf);
        String tracker = "etc/io.dtf.connector.jira-shop.cfg";
        karaf.setProperty(tracker, "baseUrl", jira.baseUrl());
        karaf.setProperty(tracker, "deployment", "cloud");
        karaf.setProperty(tracker, "email", "qa-bot@example.org");
        karaf.setProperty(tracker, ".apiToken", "jira-token-of-the-end-to-end-it");
        karaf.setProperty(tracker, "projectKey", "SHOP");
        karaf.setProperty(tracker, "reportRuns", "run_name=e2e");
        String results = "etc/io.dtf.connector.testrail-qa.cfg";
        karaf.setProperty(results, "baseUrl", testRail.baseUrl());
        karaf.setProperty(results, "username", "qa-bot@example.org");
        karaf.setProperty(results, ".apiKey", "testrail-key-of-the-end-to-end-it");
        karaf.setProperty(results, "projectId", "7");
        karaf.setProperty(results, "suiteId", "3");
        karaf.setProperty(results, "caseMapping", "property");
        karaf.setProperty(results, "reportRuns", "run_name=e2e");
        // a run's failures and its end form one group, one Slack thread; no inhibition, so that both are told
        Files.writeString(karaf.home.resolve("etc/dtf-notify.yaml"), String.join("\n",
                "route:",
                "  channels: []",
                "  routes:",
                "    - match_re: {type: \"TASK_FAILED|RUN_COMPLETED\"}",
                "      channels: [ops, team]",
                "      group_by: [run]",
                "      group_wait: 0s",
                "      group_interval: 2s",
                "inhibit_rules: []",
                ""));

        Path dir = Files.createTempDirectory("dtf-e2e");
        fixed = dir.resolve("fixed");
        plan = dir.resolve("e2e.yaml");
        Files.writeString(plan, plan(fixed));
    }

    @After
    public void stopAll() {
        if (karaf != null) {
            karaf.kill();
        }
        testRail.stop();
        jira.stop();
        channels.close();
    }

    @Test
    public void aRunsFailuresReachEveryDestinationOnceThroughACrashAndTheirFixesMoveTheIssuesOn() throws Exception {
        karaf.start();
        karaf.awaitClient("dtf:connectors", "testrail", 60);

        // run 1, two tests fail: Jira answers slowly, and the coordinator dies while it makes the first issue
        jira.setGlobalFixedDelay(3000);
        String first = karaf.client("dtf:submit " + plan + " --wait");
        assertTrue(first, first.contains("FAILED"));
        await("the first Jira issue asked for", () -> fakeJira.issues().size() >= 1, 90);
        karaf.kill();
        jira.setGlobalFixedDelay(0);
        karaf.start();
        await("both issues, the TestRail run closed, the thread and the mails", () -> fakeJira.issues().size() == 2
                && fakeTestRail.runs().size() == 1 && fakeTestRail.runs().get(0).completed
                && channels.slackMessages().size() >= 2 && smtp.getReceivedMessages().length >= 2, 120);
        awaitEverythingDelivered();
        assertEquals("one issue per failing test, though the coordinator died making the first",
                2, fakeJira.issues().size());
        assertEquals(0, fakeJira.comments());
        assertEquals("one TestRail run for the DTF run", 1, fakeTestRail.runs().size());
        assertEquals("each case's result once: two failed, one passed", 3, fakeTestRail.runs().get(0).results);
        List<JsonNode> thread = channels.slackMessages();
        assertEquals("the task's failure, then the run's end as a reply: " + thread, 2, thread.size());
        assertFalse(thread.get(0).has("thread_ts"));
        assertEquals(MailAndSlack.MESSAGE_TS, thread.get(1).path("thread_ts").asText());
        assertEquals(2, smtp.getReceivedMessages().length);

        // run 2, the same two fail again: a comment on each issue, nothing else new, nothing told again
        String second = karaf.client("dtf:submit " + plan + " --wait");
        assertTrue(second, second.contains("FAILED"));
        await("a comment on each issue", () -> fakeJira.comments() == 2 && fakeTestRail.runs().size() == 2
                && fakeTestRail.runs().get(1).completed, 90);
        awaitEverythingDelivered();
        assertEquals("no second issue for a test that fails again", 2, fakeJira.issues().size());
        assertEquals("a repeat of the same failure is not news", 2, channels.slackMessages().size());
        assertEquals(2, smtp.getReceivedMessages().length);

        // run 3, both pass: each issue takes its transition, and "back to normal" is told
        Files.writeString(fixed, "fixed");
        String third = karaf.client("dtf:submit " + plan + " --wait");
        assertTrue(third, third.contains("PASSED"));
        await("both issues moved on", () -> fakeJira.issues().stream().allMatch(FakeJira.Issue::isDone)
                && fakeTestRail.runs().size() == 3 && fakeTestRail.runs().get(2).completed
                && channels.slackMessages().size() == 3 && smtp.getReceivedMessages().length == 3, 90);
        awaitEverythingDelivered();
        assertEquals(2, fakeJira.issues().size());
        assertEquals("the rerun's comments, then 'passes again' on each", 4, fakeJira.comments());
        assertEquals(3, channels.slackMessages().size());
        assertFalse("back to normal starts a thread of its own", channels.slackMessages().get(2).has("thread_ts"));
        assertTrue(channels.slackMessages().get(2).toString(), channels.slackMessages().get(2).toString().contains("back to normal"));
        Set<String> ids = new HashSet<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            assertTrue("no mail twice: " + message.getMessageID(), ids.add(message.getMessageID()));
        }
        assertEquals(3, fakeTestRail.runs().stream().mapToInt(run -> run.results).filter(n -> n == 3).count());

        String log = karaf.client("dtf:notifications");
        assertTrue(log, log.contains("sent") && log.contains("repeated"));
        String shown = karaf.client("dtf:connectors") + log + karaf.client("dtf:plugins");
        for (String secret : List.of(SLACK_TOKEN, SMTP_PASSWORD, "jira-token-of-the-end-to-end-it",
                "testrail-key-of-the-end-to-end-it")) {
            assertFalse("no secret in the shell: " + secret, shown.contains(secret));
        }
    }

    /**
     * A task whose JUnit XML report has three tests mapped to TestRail cases C1-C3, two of which fail until the file
     * {@code fixed} exists, and a slower task that passes.
     */
    private static String plan(Path fixed) {
        return String.join("\n",
                "name: e2e",
                "defaults: {timeout: 1m, maxAttempts: 1}",
                "tasks:",
                "  # ends after shop's failure has been told, so that the run's end is a follow-up in its thread",
                "  - name: slow",
                "    type: command",
                "    command: [sleep, \"4\"]",
                "  - name: shop",
                "    type: command",
                "    reports: [report.xml]",
                "    command:",
                "      - sh",
                "      - -c",
                "      - |",
                "        if [ -f '" + fixed + "' ]; then",
                "          login='<testcase classname=\"org.example.ShopTest\" name=\"logsIn\" time=\"0.01\">"
                        + "<properties><property name=\"testrail_case_id\" value=\"C1\"/></properties></testcase>'",
                "          pay='<testcase classname=\"org.example.ShopTest\" name=\"pays\" time=\"0.01\">"
                        + "<properties><property name=\"testrail_case_id\" value=\"C2\"/></properties></testcase>'",
                "          failed=0",
                "        else",
                "          login='<testcase classname=\"org.example.ShopTest\" name=\"logsIn\" time=\"0.01\">"
                        + "<properties><property name=\"testrail_case_id\" value=\"C1\"/></properties>"
                        + "<failure message=\"expected 200 but was 401\">AssertionError</failure></testcase>'",
                "          pay='<testcase classname=\"org.example.ShopTest\" name=\"pays\" time=\"0.01\">"
                        + "<properties><property name=\"testrail_case_id\" value=\"C2\"/></properties>"
                        + "<failure message=\"card declined\">AssertionError</failure></testcase>'",
                "          failed=2",
                "        fi",
                "        cat > report.xml <<EOF",
                "        <testsuite name=\"org.example.ShopTest\" tests=\"3\" failures=\"$failed\">$login$pay"
                        + "<testcase classname=\"org.example.ShopTest\" name=\"ships\" time=\"0.01\">"
                        + "<properties><property name=\"testrail_case_id\" value=\"C3\"/></properties></testcase>"
                        + "</testsuite>",
                "        EOF",
                "        exit $failed",
                "");
    }

    /**
     * Until every durable hook (the notification system, Jira, TestRail, the CI reports) acknowledged every event and
     * the notification system has no group with a message still to send: then what arrived is all there will be.
     */
    private void awaitEverythingDelivered() throws Exception {
        String token = karaf.client("dtf:token").lines().map(String::trim).filter(l -> !l.isEmpty())
                .reduce((a, b) -> b).orElseThrow();
        await("every durable hook has delivered every event and no notification waits", () -> {
            JsonNode plugins = getJson("/api/v1/plugins?limit=500", token);
            for (JsonNode plugin : plugins.path("items")) {
                for (JsonNode hook : plugin.path("hooks")) {
                    if (hook.path("durable").asBoolean() && (hook.path("queued").asInt() > 0
                            || hook.path("retrying").asInt() > 0 || hook.path("parked").asInt() > 0)) {
                        return false;
                    }
                }
            }
            return getJson("/api/v1/notifications", token).path("pendingGroups").isEmpty();
        }, 90);
    }

    private JsonNode getJson(String path, String token) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + karaf.httpPort + path))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(answer.body(), 200, answer.statusCode());
            return JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void await(String what, BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s; Jira issues " + fakeJira.issues().size()
                        + ", comments " + fakeJira.comments() + ", TestRail runs " + fakeTestRail.runs().size()
                        + ", Slack messages " + slack.getAllServeEvents().size() + ", mails "
                        + smtp.getReceivedMessages().length);
            }
            Thread.sleep(250);
        }
    }
}
