package io.dtf.connector.msteams.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.msteams.impl.TeamsFixture.SIGNATURE;
import static io.dtf.connector.msteams.impl.TeamsFixture.WEBHOOK_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import io.dtf.http.testing.ManualHttpTime;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Teams connector against a WireMock Workflows webhook that answers as Microsoft documents it: "Create incoming
 * webhooks", https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
 * (Office 365 connectors retired, Workflows "Post to a channel when a webhook request is received" in their place;
 * the message {@code {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",
 * "contentUrl":null,"content":<AdaptiveCard>}]}}; at most 28 KB a message; more than 4 requests a second are
 * throttled with 429); the card's elements as the Adaptive Cards schema explorer describes them,
 * https://adaptivecards.io/explorer/ (AdaptiveCard 1.4, TextBlock {@code color}/{@code wrap}, FactSet, ActionSet,
 * Action.OpenUrl). A flow's trigger answers 202 Accepted, 400 for a body it refuses, 429 with Retry-After, 5xx.
 */
class TeamsContractTest {
    @RegisterExtension
    static final WireMockExtension TEAMS = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManualHttpTime time = TeamsFixture.time();
    private TeamsConnector teams;

    @BeforeEach
    void start() {
        teams = TeamsFixture.connector(time, Map.of(".webhookUrl", TEAMS.baseUrl() + WEBHOOK_PATH));
    }

    @AfterEach
    void stop() {
        teams.deactivate();
    }

    @Test
    void aNotificationIsAnAdaptiveCardWithTitleTextFactsAndLinks() {
        TEAMS.stubFor(post(urlEqualTo(WEBHOOK_PATH)).willReturn(accepted()));
        Notification failed = Notification.builder("nightly failed: 3 of 120 tests", Severity.ERROR)
                .text("**3 tests failed**\n- LoginTest.wrongPassword").event("RUN_COMPLETED", "r12:RUN_COMPLETED")
                .field("Duration", "10m 15s").field("Branch", "main")
                .link("Run in DTF", URI.create("https://dtf.example/runs/r12")).at(Instant.parse("2026-12-07T10:03:00Z"))
                .build();

        ExternalSystemResult sent = teams.send(failed).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, sent.status(), sent.describe());
        TEAMS.verify(1, postRequestedFor(urlEqualTo(WEBHOOK_PATH))
                .withHeader("Content-Type", matching("application/json(;.*)?"))
                .withHeader("Authorization", absent())
                .withRequestBody(equalToJson("""
                        {"type": "message",
                         "attachments": [{
                           "contentType": "application/vnd.microsoft.card.adaptive",
                           "contentUrl": null,
                           "content": {
                             "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                             "type": "AdaptiveCard", "version": "1.4", "msteams": {"width": "Full"},
                             "body": [
                               {"type": "TextBlock", "text": "nightly failed: 3 of 120 tests", "size": "Large",
                                "weight": "Bolder", "color": "Attention", "wrap": true},
                               {"type": "TextBlock", "text": "ERROR · RUN_COMPLETED · 2026-12-07 10:03 UTC",
                                "isSubtle": true, "spacing": "None", "wrap": true},
                               {"type": "TextBlock", "text": "**3 tests failed**\\n- LoginTest.wrongPassword", "wrap": true},
                               {"type": "FactSet", "facts": [{"title": "Duration", "value": "10m 15s"},
                                                             {"title": "Branch", "value": "main"}]},
                               {"type": "ActionSet", "actions": [{"type": "Action.OpenUrl", "title": "Run in DTF",
                                                                  "url": "https://dtf.example/runs/r12"}]}
                             ]}}]}""")));
        assertTrue(teams.isConnected());
    }

    @Test
    void aNotificationOf2000FailuresIsTrimmedUnder28KbAndSaysWhatWasCut() throws IOException {
        TEAMS.stubFor(post(urlEqualTo(WEBHOOK_PATH)).willReturn(accepted()));
        Notification.Builder huge = Notification.builder("nightly failed: 2,000 of 5,000 tests", Severity.CRITICAL)
                .link("Run in DTF", URI.create("https://dtf.example/runs/r13")).field("Failed", "2000");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 2000; i++) {
            text.append("- org.example.checkout.CheckoutTest.case").append(i).append(": expected 201 but was 500\n");
            huge.field("CheckoutTest.case" + i, "expected 201 but was 500 (" + "x".repeat(40) + ")");
        }

        ExternalSystemResult sent = teams.send(huge.text(text.toString()).build()).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, sent.status(), sent.describe());
        byte[] posted = TEAMS.findAll(postRequestedFor(urlEqualTo(WEBHOOK_PATH))).get(0).getBody();
        assertTrue(posted.length <= 28_000, "at most 28 KB: " + posted.length);
        assertTrue(posted.length > 26_000, "the room is used: " + posted.length);
        JsonNode body = JSON.readTree(posted).at("/attachments/0/content/body");
        assertEquals("nightly failed: 2,000 of 5,000 tests", body.at("/0/text").asText());
        String shownText = body.at("/2/text").asText();
        assertTrue(shownText.startsWith("- org.example.checkout.CheckoutTest.case1: expected 201 but was 500\n"));
        assertEquals(true, sent.data().get("trimmed"));
        int linesCut = ((Number) sent.data().get("textLinesCut")).intValue();
        assertTrue(linesCut > 1000 && linesCut < 2000, "lines cut: " + linesCut);
        Matcher note = Pattern.compile("\\n\\n_… (\\d+) more lines \\((\\d+) characters\\) not shown: Teams takes at most "
                + "28 KB a message\\._$").matcher(shownText);
        assertTrue(note.find(), shownText.substring(shownText.length() - 120));
        assertEquals(linesCut, Integer.parseInt(note.group(1)));
        assertEquals(2000, shownText.substring(0, note.start()).lines().count() + linesCut, "every line is shown or counted");
        JsonNode facts = body.at("/3/facts");
        assertEquals("Failed", facts.get(0).get("title").asText(), "the first facts are kept");
        int factsCut = ((Number) sent.data().get("factsCut")).intValue();
        assertEquals(2001 - factsCut, facts.size() - 1);
        assertEquals("Not shown", facts.get(facts.size() - 1).get("title").asText());
        assertEquals(factsCut + " more facts: Teams takes at most 28 KB a message", facts.get(facts.size() - 1).get("value").asText());
        assertEquals("https://dtf.example/runs/r13", body.at("/4/actions/0/url").asText(), "the link is kept");
    }

    @Test
    void aShortRetryAfterIsWaitedForAndTheCardPostedThen() {
        TEAMS.stubFor(post(urlEqualTo(WEBHOOK_PATH)).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("free"));
        TEAMS.stubFor(post(urlEqualTo(WEBHOOK_PATH)).inScenario("throttled").whenScenarioStateIs("free").willReturn(accepted()));

        ExternalSystemResult sent = teams.send(Notification.builder("hello", Severity.INFO).build()).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, sent.status(), sent.describe());
        assertEquals(List.of(Duration.ofSeconds(2)), time.waits());
        TEAMS.verify(2, postRequestedFor(urlEqualTo(WEBHOOK_PATH)));
    }

    @Test
    void aLongRetryAfterIsRateLimitedWithThatWait() {
        TEAMS.stubFor(post(urlEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "90")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"WorkflowTriggeredTooFrequently\",\"message\":\"Rate limit is exceeded.\"}}")));

        ExternalSystemResult limited = teams.send(Notification.builder("hello", Severity.INFO).build()).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.RATE_LIMITED, limited.status(), limited.describe());
        assertEquals(Duration.ofSeconds(90), limited.retryAfter());
        assertFalse(limited.message().contains(SIGNATURE), limited.message());
    }

    @Test
    void moreThanFourPostsASecondWaitForTheNextSecond() {
        TEAMS.stubFor(post(urlEqualTo(WEBHOOK_PATH)).willReturn(accepted()));

        for (int i = 0; i < 5; i++) {
            assertEquals(Status.OK, teams.send(Notification.builder("message " + i, Severity.INFO).build())
                    .orTimeout(20, TimeUnit.SECONDS).join().status());
        }

        assertEquals(List.of(Duration.ofSeconds(1)), time.waits(), "the fifth post waits for the window to pass");
        TEAMS.verify(5, postRequestedFor(urlEqualTo(WEBHOOK_PATH)));
    }

    @Test
    void aRefusedBodyIsRejectedWithTheFlowsErrorAndNeverShowsTheSignature() {
        TEAMS.stubFor(post(urlEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"code\":\"TriggerInputSchemaMismatch\","
                        + "\"message\":\"The input body for trigger 'manual' of type 'Request' did not match its schema definition.\"}}")));

        ExternalSystemResult refused = teams.send(Notification.builder("hello", Severity.WARNING).build()).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.REJECTED, refused.status(), refused.describe());
        assertEquals("http_400", refused.errorCode());
        assertTrue(refused.message().contains("TriggerInputSchemaMismatch"), refused.message());
        assertFalse(refused.message().contains(SIGNATURE), refused.message());
        assertFalse(refused.message().contains("0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"), "the workflow's path is secret too: "
                + refused.message());
    }

    @Test
    void aServerErrorIsUnavailableAndNotPostedTwice() {
        TEAMS.stubFor(post(urlEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(502).withBody("Bad Gateway")));

        ExternalSystemResult down = teams.send(Notification.builder("hello", Severity.INFO).build()).orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.UNAVAILABLE, down.status(), down.describe());
        assertTrue(down.retryable());
        assertFalse(teams.isConnected());
        TEAMS.verify(1, postRequestedFor(urlEqualTo(WEBHOOK_PATH)));
    }

    @Test
    void postCardSendsTheGivenCardAndRefusesOneOver28Kb() {
        TEAMS.stubFor(post(urlEqualTo(WEBHOOK_PATH)).willReturn(accepted()));
        Map<String, Object> card = Map.of("type", "AdaptiveCard", "version", "1.4",
                "body", List.of(Map.of("type", "TextBlock", "text", "deploy done")));

        ExternalSystemResult posted = teams.executeOperation("post_card", Map.of("card", card)).orTimeout(20, TimeUnit.SECONDS).join();
        ExternalSystemResult tooLarge = teams.executeOperation("post_card", Map.of("card", Map.of("type", "AdaptiveCard",
                "version", "1.4", "body", List.of(Map.of("type", "TextBlock", "text", "x".repeat(30_000))))))
                .orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, posted.status(), posted.describe());
        TEAMS.verify(1, postRequestedFor(urlEqualTo(WEBHOOK_PATH)).withRequestBody(equalToJson(
                "{\"type\":\"message\",\"attachments\":[{\"contentType\":\"application/vnd.microsoft.card.adaptive\","
                        + "\"contentUrl\":null,\"content\":{\"type\":\"AdaptiveCard\",\"version\":\"1.4\","
                        + "\"body\":[{\"type\":\"TextBlock\",\"text\":\"deploy done\"}]}}]}")));
        assertEquals(Status.REJECTED, tooLarge.status());
        assertEquals("too_large", tooLarge.errorCode());
    }

    @Test
    void aMessageItemIsANotificationMadeOfItsFields() throws IOException {
        TEAMS.stubFor(post(urlEqualTo(WEBHOOK_PATH)).willReturn(accepted()));

        ExternalSystemResult made = teams.createItem("message", Map.of("title", "DTF test message", "severity", "warning",
                "fields", Map.of("Instance", "team"), "links", Map.of("DTF", "https://dtf.example/")))
                .orTimeout(20, TimeUnit.SECONDS).join();

        assertEquals(Status.OK, made.status(), made.describe());
        JsonNode body = JSON.readTree(TEAMS.findAll(postRequestedFor(urlEqualTo(WEBHOOK_PATH))).get(0)
                .getBodyAsString()).at("/attachments/0/content/body");
        assertEquals("Warning", body.at("/0/color").asText());
        assertEquals("team", body.at("/2/facts/0/value").asText());
        assertEquals("https://dtf.example/", body.at("/3/actions/0/url").asText());
    }

    private static ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(202);
    }
}
