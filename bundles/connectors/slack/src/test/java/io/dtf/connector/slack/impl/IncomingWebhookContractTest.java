package io.dtf.connector.slack.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.dtf.connector.slack.impl.SlackFixture.WEBHOOK_PATH;
import static io.dtf.connector.slack.impl.SlackFixture.bodies;
import static io.dtf.connector.slack.impl.SlackFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Notifications through an incoming webhook against a WireMock Slack that answers as "Sending messages using incoming
 * webhooks", https://api.slack.com/messaging/webhooks describes: a JSON POST ({@code Content-type: application/json})
 * with {@code text} and {@code blocks} to the webhook's URL; {@code ok} as text on success; on failure an HTTP status
 * with Slack's error as text ("Handling errors": 400 {@code invalid_payload}, {@code no_text}; 403
 * {@code action_prohibited}; 404 {@code channel_not_found}; 410 {@code channel_is_archived}; 500 {@code rollup_error}),
 * and "Rate limits", https://api.slack.com/apis/rate-limits (one message a second; 429 with {@code Retry-After}).
 */
class IncomingWebhookContractTest extends ConnectorUnderTest {
    @RegisterExtension
    static final WireMockExtension SLACK = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();


    @BeforeEach
    void open() {
        slack = SlackFixture.connector(time, Map.of(".webhookUrl", SLACK.baseUrl() + WEBHOOK_PATH));
    }

    private static Notification failed(String group) {
        return Notification.builder("nightly failed", Severity.ERROR).text("3 tests failed").field("Failed", "3")
                .groupKey(group).build();
    }

    @Test
    void aNotificationIsPostedAsTextAndBlocksToTheWebhookWithoutThreads() {
        SLACK.stubFor(post(urlPathEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));

        assertTrue(result(slack.send(failed("nightly"))).success());
        assertTrue(result(slack.send(failed("nightly"))).success());

        SLACK.verify(2, postRequestedFor(urlPathEqualTo(WEBHOOK_PATH))
                .withHeader("Content-Type", matching("(?i)application/json; ?charset=utf-8"))
                .withoutHeader("Authorization"));
        List<JsonNode> posts = bodies(SLACK, WEBHOOK_PATH);
        for (JsonNode body : posts) {
            assertEquals("nightly failed", body.path("text").asText());
            assertEquals("header", body.path("blocks").get(0).path("type").asText());
            assertFalse(body.has("channel") || body.has("thread_ts"), body.toString());
        }
        assertEquals(List.of(Duration.ofSeconds(1)), time.waits(), "one message a second");
        assertTrue(slack.isConnected());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({"400, invalid_payload, REJECTED", "400, no_text, REJECTED", "403, action_prohibited, REJECTED",
            "404, channel_not_found, NOT_FOUND", "410, channel_is_archived, NOT_FOUND", "500, rollup_error, UNAVAILABLE"})
    void slacksErrorTextIsTheErrorCodeAndTheUrlNeverShows(int status, String error, Status expected) {
        SLACK.stubFor(post(urlPathEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(status).withBody(error)));

        ExternalSystemResult result = result(slack.send(failed(null)));

        assertEquals(expected, result.status(), result.describe());
        assertEquals(error, result.errorCode());
        assertTrue(result.message().contains(error), result.message());
        assertFalse(result.message().contains("XXXXXXXXXXXXXXXXXXXXXXXX") || result.message().contains("T00000000"),
                result.message());
    }

    @Test
    void a429IsRateLimitedAfterItsRetryAfter() {
        SLACK.stubFor(post(urlPathEqualTo(WEBHOOK_PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "45")
                .withBody("rate_limited")));

        ExternalSystemResult result = result(slack.send(failed(null)));

        assertEquals(Status.RATE_LIMITED, result.status(), result.describe());
        assertEquals(Duration.ofSeconds(45), result.retryAfter());
    }

    @Test
    void aWebhookCanOnlyPostMessages() {
        assertEquals(List.of(SlackConnector.POST_MESSAGE), List.copyOf(slack.capabilities().operations()));
        assertEquals(ExternalSystemResult.UNSUPPORTED_OPERATION,
                result(slack.executeOperation("add_reaction", Map.of("timestamp", "1.0", "name", "eyes"))).errorCode());
        assertEquals("invalid_parameters",
                result(slack.executeOperation("post_message", Map.of("text", "hi", "thread_ts", "1.0"))).errorCode());
        SLACK.verify(0, postRequestedFor(urlPathEqualTo(WEBHOOK_PATH)));
    }
}
