package io.dtf.connector.msteams.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The card of a notification (https://adaptivecards.io/explorer/): colours, and trimming to Teams' 28 KB. */
class AdaptiveCardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theTitleIsColouredBySeverity() {
        assertEquals("Good", AdaptiveCards.color(Severity.INFO));
        assertEquals("Warning", AdaptiveCards.color(Severity.WARNING));
        assertEquals("Attention", AdaptiveCards.color(Severity.ERROR));
        assertEquals("Attention", AdaptiveCards.color(Severity.CRITICAL));
    }

    @Test
    void aNotificationWithoutTextFieldsOrLinksIsATitleAndItsLine() throws IOException {
        AdaptiveCards.Message message = AdaptiveCards.message(Notification.builder("all passed", Severity.INFO).build());

        JsonNode body = body(message);
        assertEquals(2, body.size());
        assertEquals("Good", body.at("/0/color").asText());
        assertTrue(!message.trimmed());
    }

    @Test
    void oneHugeLineIsCutInItsMiddleAndTheCutSaid() throws IOException {
        AdaptiveCards.Message message = AdaptiveCards.message(Notification.builder("log", Severity.ERROR)
                .text("y".repeat(100_000)).build());

        assertTrue(message.json().length <= AdaptiveCards.MESSAGE_LIMIT, "bytes: " + message.json().length);
        assertEquals(1, message.textLinesCut());
        String text = body(message).at("/2/text").asText();
        assertTrue(text.startsWith("yyyy"));
        assertTrue(text.matches("(?s)y+\\n\\n_… 1 more line \\(\\d+ characters\\) not shown: Teams takes at most 28 KB a message\\._"),
                text.substring(text.length() - 100));
    }

    @Test
    void multiByteTextIsCountedInBytes() {
        AdaptiveCards.Message message = AdaptiveCards.message(Notification.builder("Prüfung", Severity.ERROR)
                .text("Überprüfung fehlgeschlagen: ✗ — 検査失敗\n".repeat(2_000)).build());

        assertTrue(message.json().length <= AdaptiveCards.MESSAGE_LIMIT, "bytes: " + message.json().length);
        assertTrue(message.textLinesCut() > 0);
    }

    @Test
    void longFactValuesAndTitlesAreCutAndAtMostSixLinksBecomeButtons() throws IOException {
        Notification.Builder many = Notification.builder("t".repeat(2_000), Severity.WARNING).field("Log", "z".repeat(5_000));
        for (int i = 1; i <= 8; i++) {
            many.link("Link " + i, URI.create("https://dtf.example/" + i));
        }

        JsonNode body = body(AdaptiveCards.message(many.build()));

        assertEquals(AdaptiveCards.FACT_LIMIT, body.at("/0/text").asText().length());
        assertEquals(AdaptiveCards.FACT_LIMIT, body.at("/2/facts/0/value").asText().length());
        assertEquals(6, body.at("/3/actions").size());
    }

    private static JsonNode body(AdaptiveCards.Message message) throws IOException {
        return JSON.readTree(message.json()).at("/attachments/0/content/body");
    }
}
