package io.dtf.connector.slack.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.slack.impl.SlackFixture.TOKEN;
import static io.dtf.connector.slack.impl.SlackFixture.answer;
import static io.dtf.connector.slack.impl.SlackFixture.bodies;
import static io.dtf.connector.slack.impl.SlackFixture.posted;
import static io.dtf.connector.slack.impl.SlackFixture.result;
import static io.dtf.connector.slack.impl.SlackFixture.stubMethod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Notifications through {@code chat.postMessage} against a WireMock Slack that answers as Slack's reference describes:
 * "chat.postMessage", https://api.slack.com/methods/chat.postMessage ({@code POST https://slack.com/api/chat.postMessage},
 * the token as {@code Authorization: Bearer}, a JSON body as {@code application/json; charset=utf-8} with
 * {@code channel}, {@code text}, {@code blocks}, {@code thread_ts}, {@code username}, {@code icon_emoji}; the answer
 * {@code {"ok": true, "channel", "ts", "message"}}, or HTTP 200 with {@code {"ok": false, "error": ...}} for
 * {@code channel_not_found}, {@code invalid_auth}, {@code not_authed}, {@code account_inactive}, {@code missing_scope},
 * {@code invalid_blocks}, {@code ratelimited}); "Blocks", https://api.slack.com/reference/block-kit/blocks (header, section
 * with mrkdwn text and fields, context; 50 blocks, 3,000 characters a section text, 10 fields); "Rate limits",
 * https://api.slack.com/apis/rate-limits (about one message a second per channel; HTTP 429 with {@code Retry-After} in
 * seconds).
 */
class ChatPostMessageContractTest extends ConnectorUnderTest {
    @RegisterExtension
    static final WireMockExtension SLACK = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String POST_MESSAGE = "/api/chat.postMessage";


    private static Notification runFailed() {
        return Notification.builder("nightly failed", Severity.ERROR)
                .text("**3 tests failed** in [r12](https://dtf.example/runs/r12)\n- LoginTest.wrongPassword\n- a <b> & c")
                .field("Passed", "97").field("Failed", "3")
                .link("Run", URI.create("https://dtf.example/runs/r12")).label("team", "web")
                .event("RUN_COMPLETED", "r12:RUN_COMPLETED").build();
    }

    @Test
    void aNotificationIsABlockKitMessageWithTheBearerTokenAsJsonInUtf8() {
        stubMethod(SLACK, "chat.postMessage", posted("C0123456789", "1503435956.000247"));
        slack = SlackFixture.connector(time, Map.of("apiUrl", SLACK.baseUrl() + "/api", ".botToken", TOKEN,
                "channel", "#qa", "username", "DTF", "icon", ":robot_face:"));

        ExternalSystemResult result = result(slack.send(runFailed()));

        assertTrue(result.success(), result.describe());
        assertEquals("1503435956.000247", result.item().orElseThrow().id());
        assertEquals("C0123456789", result.item().orElseThrow().fields().get("channel"));
        SLACK.verify(1, postRequestedFor(urlPathEqualTo(POST_MESSAGE))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", matching("(?i)application/json; ?charset=utf-8")));
        JsonNode body = bodies(SLACK, POST_MESSAGE).get(0);
        assertEquals("#qa", body.path("channel").asText());
        assertEquals("nightly failed", body.path("text").asText(), "the fallback for notifications");
        assertEquals("DTF", body.path("username").asText());
        assertEquals(":robot_face:", body.path("icon_emoji").asText());
        assertTrue(body.path("thread_ts").isMissingNode(), "a notification without a group starts no thread");
        JsonNode blocks = body.path("blocks");
        assertEquals(List.of("header", "section", "section", "context"),
                blocks.findValuesAsText("type").stream().filter(t -> !t.equals("plain_text") && !t.equals("mrkdwn")).toList());
        assertEquals(":red_circle: nightly failed", blocks.get(0).path("text").path("text").asText());
        assertEquals("plain_text", blocks.get(0).path("text").path("type").asText());
        assertEquals("mrkdwn", blocks.get(1).path("text").path("type").asText());
        assertEquals("*3 tests failed* in <https://dtf.example/runs/r12|r12>\n• LoginTest.wrongPassword\n• a &lt;b&gt; &amp; c",
                blocks.get(1).path("text").path("text").asText());
        assertEquals("*Passed*\n97", blocks.get(2).path("fields").get(0).path("text").asText());
        assertEquals("*Failed*\n3", blocks.get(2).path("fields").get(1).path("text").asText());
        assertEquals("<https://dtf.example/runs/r12|Run>", blocks.get(3).path("elements").get(0).path("text").asText());
        assertEquals("`team=web`", blocks.get(3).path("elements").get(1).path("text").asText());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"invalid_auth, REJECTED", "not_authed, REJECTED", "account_inactive, REJECTED",
            "channel_not_found, NOT_FOUND", "invalid_blocks, REJECTED", "msg_too_long, REJECTED",
            "internal_error, UNAVAILABLE"})
    void slacksOkFalseErrorsBecomeTheirStatusWithSlacksErrorCode(String error, Status status) {
        stubMethod(SLACK, "chat.postMessage", answer("{\"ok\":false,\"error\":\"" + error + "\"}"));
        slack = SlackFixture.bot(time, SLACK);

        ExternalSystemResult result = result(slack.send(runFailed()));

        assertEquals(status, result.status(), result.describe());
        assertEquals(error, result.errorCode());
        assertEquals("Slack refused chat.postMessage: " + error, result.message());
        SLACK.verify(1, postRequestedFor(urlPathEqualTo(POST_MESSAGE)));
    }

    @Test
    void aMissingScopeSaysWhichScopeIsNeededAndInvalidBlocksSayWhy() {
        stubMethod(SLACK, "chat.postMessage", answer("{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"chat:write\","
                + "\"provided\":\"identify\"}"));
        slack = SlackFixture.bot(time, SLACK);
        ExternalSystemResult scope = result(slack.send(runFailed()));
        assertEquals(Status.REJECTED, scope.status());
        assertEquals("Slack refused chat.postMessage: missing_scope (needed chat:write)", scope.message());
        assertFalse(slack.isConnected(), "a token without the scope is not a working connection");

        stubMethod(SLACK, "chat.postMessage", answer("{\"ok\":false,\"error\":\"invalid_blocks\",\"response_metadata\":"
                + "{\"messages\":[\"[ERROR] must be less than 3001 characters [json-pointer:/blocks/1/text/text]\"]}}"));
        assertEquals("Slack refused chat.postMessage: invalid_blocks ([ERROR] must be less than 3001 characters "
                + "[json-pointer:/blocks/1/text/text])", result(slack.send(runFailed())).message());
    }

    @Test
    void okFalseRatelimitedIsRateLimitedAfterItsRetryAfter() {
        stubMethod(SLACK, "chat.postMessage", answer("{\"ok\":false,\"error\":\"ratelimited\"}").withHeader("Retry-After", "7"));
        slack = SlackFixture.bot(time, SLACK);

        ExternalSystemResult result = result(slack.send(runFailed()));

        assertEquals(Status.RATE_LIMITED, result.status(), result.describe());
        assertEquals(Duration.ofSeconds(7), result.retryAfter());
    }

    @Test
    void a429WithALongerRetryAfterThanAllowedIsRateLimitedAfterIt() {
        stubMethod(SLACK, "chat.postMessage", aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":false,\"error\":\"ratelimited\"}"));
        slack = SlackFixture.bot(time, SLACK);

        ExternalSystemResult result = result(slack.send(runFailed()));

        assertEquals(Status.RATE_LIMITED, result.status(), result.describe());
        assertEquals(Duration.ofSeconds(30), result.retryAfter());
        assertEquals(List.of(), time.waits(), "a wait longer than maxRateLimitWaitSeconds (10) is the caller's");
        SLACK.verify(1, postRequestedFor(urlPathEqualTo(POST_MESSAGE)));
    }

    @Test
    void a429WithAShortRetryAfterIsWaitedForThenTheMessageIsSent() {
        SLACK.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(POST_MESSAGE))
                .inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")).willSetStateTo("free"));
        SLACK.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(POST_MESSAGE))
                .inScenario("limited").whenScenarioStateIs("free").willReturn(posted("C0123456789", "1.000001")));
        slack = SlackFixture.bot(time, SLACK);

        ExternalSystemResult result = result(slack.send(runFailed()));

        assertTrue(result.success(), result.describe());
        assertEquals(List.of(Duration.ofSeconds(3)), time.waits());
        SLACK.verify(2, postRequestedFor(urlPathEqualTo(POST_MESSAGE)));
    }

    @Test
    void a401IsRejectedAndNotConnectedAndA5xxIsUnavailable() {
        stubMethod(SLACK, "chat.postMessage", aResponse().withStatus(401).withBody("{\"ok\":false,\"error\":\"invalid_auth\"}"));
        slack = SlackFixture.bot(time, SLACK);
        ExternalSystemResult refused = result(slack.send(runFailed()));
        assertEquals(Status.REJECTED, refused.status(), refused.describe());
        assertEquals("http_401", refused.errorCode());
        assertFalse(slack.isConnected());

        stubMethod(SLACK, "chat.postMessage", aResponse().withStatus(503).withBody("upstream down"));
        ExternalSystemResult down = result(slack.send(runFailed()));
        assertEquals(Status.UNAVAILABLE, down.status(), down.describe());
        assertTrue(down.retryable());
    }

    @Test
    void messagesToOneChannelAreAtMostOneASecond() {
        stubMethod(SLACK, "chat.postMessage", posted("C0123456789", "1.000001"));
        slack = SlackFixture.bot(time, SLACK);

        for (int i = 0; i < 3; i++) {
            assertTrue(result(slack.send(runFailed())).success());
        }

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), time.waits());
        assertEquals(Duration.ofSeconds(1), slack.capabilities().rateLimit().per());
    }

    @Test
    void theTokenNeverShowsInAResultEvenWhenSlackEchoesIt() {
        stubMethod(SLACK, "chat.postMessage", aResponse().withStatus(400).withBody("bad request for token " + TOKEN));
        slack = SlackFixture.bot(time, SLACK);
        ExternalSystemResult result = result(slack.send(runFailed()));
        assertEquals(Status.REJECTED, result.status());
        assertFalse(result.message().contains(TOKEN), result.message());
        assertFalse(result.message().contains(TOKEN.substring(5, 20)), result.message());
    }

    @Test
    void aListOf500FailuresStaysWithinTheBlockLimitsAndSaysHowManyAreLeftOut() {
        stubMethod(SLACK, "chat.postMessage", posted("C0123456789", "1.000001"));
        slack = SlackFixture.bot(time, SLACK);
        String failures = IntStream.rangeClosed(1, 500)
                .mapToObj(i -> "- `org.example.suite.CheckoutFlowTest.scenario" + i + "`: expected 200 but was 500")
                .collect(Collectors.joining("\n"));
        Notification.Builder many = Notification.builder("500 tests failed", Severity.ERROR).text(failures);
        IntStream.rangeClosed(1, 15).forEach(i -> many.field("Suite " + i, i + " failed"));

        assertTrue(result(slack.send(many.build())).success());

        JsonNode blocks = bodies(SLACK, POST_MESSAGE).get(0).path("blocks");
        assertTrue(blocks.size() <= BlockKit.MAX_BLOCKS, "blocks: " + blocks.size());
        int shownLines = 0;
        int textChars = 0;
        String last = "";
        for (JsonNode block : blocks) {
            if (block.has("text") && block.path("text").path("type").asText().equals("mrkdwn")) {
                String text = block.path("text").path("text").asText();
                assertTrue(text.length() <= BlockKit.SECTION_LIMIT, "a section of " + text.length());
                textChars += text.length();
                shownLines += (int) text.lines().filter(line -> line.startsWith("• ")).count();
                last = text;
            }
            if (block.has("fields")) {
                assertEquals(BlockKit.MAX_FIELDS, block.path("fields").size());
                assertEquals("_… 6 more_", block.path("fields").get(9).path("text").asText());
            }
        }
        assertTrue(textChars <= BlockKit.TEXT_BUDGET, "text of " + textChars);
        assertTrue(shownLines > 50 && shownLines < 500, "shown: " + shownLines);
        assertTrue(last.endsWith("_… " + (500 - shownLines) + " more lines_"), last.substring(Math.max(0, last.length() - 80)));
    }
}
