package io.dtf.connector.slack.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A configuration the connector cannot work with is refused at activation, with a message naming the key. */
class SlackConfigTest {
    private static String refusal(Map<String, Object> settings) {
        return assertThrows(IllegalArgumentException.class, () -> SlackFixture.connector(SlackFixture.time(), settings))
                .getMessage();
    }

    @Test
    void eitherABotTokenOrAWebhookUrl() {
        assertEquals("io.dtf.connector.slack 'team': give either .botToken (a bot token xoxb-... with channel) or "
                + ".webhookUrl (an incoming webhook URL), not neither (an unset ${env:NAME} leaves a key empty)",
                refusal(Map.of("channel", "#qa")));
        assertTrue(refusal(Map.of(".botToken", SlackFixture.TOKEN, ".webhookUrl", "https://hooks.slack.com/services/T/B/X"))
                .endsWith("not both"));
        assertTrue(refusal(Map.of(".botToken", "${env:DTF_TEST_SLACK_TOKEN_THAT_IS_NOT_SET}", "channel", "#qa"))
                .contains("not neither"), "an unset variable is an empty token");
    }

    @Test
    void aBotTokenNeedsAChannel() {
        assertEquals("io.dtf.connector.slack 'team': channel is required with .botToken: the channel's id (C0123456789) "
                + "or name (#qa)", refusal(Map.of(".botToken", SlackFixture.TOKEN)));
    }

    @Test
    void aBadWebhookUrlIsRefusedWithoutShowingIt() {
        String secret = "hooks.example.invalid/services/T0/B0/not-a-real-path";
        String message = refusal(Map.of(".webhookUrl", "ftp://" + secret));
        assertEquals("io.dtf.connector.slack: .webhookUrl must be an incoming webhook's URL, "
                + "https://hooks.slack.com/services/...", message);
        assertFalse(refusal(Map.of(".webhookUrl", "https://" + secret + " with space")).contains("not-a-real-path"));
    }

    @Test
    void limitsMustBePositive() {
        assertEquals("io.dtf.connector.slack: messagesPerSecond must be 1 or more, not 0",
                refusal(Map.of(".botToken", SlackFixture.TOKEN, "channel", "#qa", "messagesPerSecond", 0)));
        assertEquals("io.dtf.connector.slack: threadCacheSize must be 1 or more, not 0",
                refusal(Map.of(".botToken", SlackFixture.TOKEN, "channel", "#qa", "threadCacheSize", 0)));
    }
}
