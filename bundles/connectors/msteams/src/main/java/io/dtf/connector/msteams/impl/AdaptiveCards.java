package io.dtf.connector.msteams.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A notification as the message a Teams Workflows webhook takes ("Post to a channel when a webhook request is
 * received"): {@code {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",
 * "contentUrl":null,"content":<AdaptiveCard>}]}}, the card (version 1.4, https://adaptivecards.io/explorer/) made
 * of a TextBlock title coloured by severity, a subtle TextBlock line (severity, event, time), a TextBlock of the
 * text (wrapped; Teams renders its Markdown subset), a FactSet of the fields and an ActionSet of
 * {@code Action.OpenUrl}s for the links.
 *
 * <p>Teams refuses a message over 28 KB. The message is kept to {@link #MESSAGE_LIMIT} bytes of JSON: first each
 * fact's value and the title are cut to {@link #FACT_LIMIT} characters; then facts are left out from the end while
 * the card without its text takes more than half of the limit; then the text is cut at a line's end to what still
 * fits. What was cut is
 * said in the card (a last fact "Not shown", a last line of the text) and in the {@link Message}.
 */
final class AdaptiveCards {
    /** Teams' 28 KB a message, read as the smaller 28,000 bytes, so that neither reading of "KB" is exceeded. */
    static final int MESSAGE_LIMIT = 28_000;
    /** The longest title and fact value kept. */
    static final int FACT_LIMIT = 500;
    /** The most buttons a card gets: Teams shows at most six actions. */
    static final int MAX_ACTIONS = 6;
    static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * A message ready to post.
     *
     * @param json its body, at most {@link #MESSAGE_LIMIT} bytes
     * @param textLinesCut lines of the text left out (a line cut in the middle counts)
     * @param factsCut facts left out
     */
    record Message(byte[] json, int textLinesCut, int factsCut) {
        boolean trimmed() {
            return textLinesCut > 0 || factsCut > 0;
        }
    }

    private AdaptiveCards() {
    }

    /** The notification as a message within Teams' limit. */
    static Message message(Notification notification) {
        List<Map<String, Object>> facts = new ArrayList<>();
        notification.fields().forEach((name, value) -> facts.add(fact(cut(name, FACT_LIMIT), cut(value, FACT_LIMIT))));
        String text = notification.text().strip();
        int factsCut = keptWithinHalf(notification, facts);
        byte[] whole = json(notification, facts, factsCut, text);
        if (whole.length <= MESSAGE_LIMIT) {
            return new Message(whole, 0, factsCut);
        }
        int fitting = 0;
        int tooMany = text.length();
        byte[] best = json(notification, facts, factsCut, kept(text, 0));
        // the longest head of the text that fits with the note of what is left out: found by halving
        while (tooMany - fitting > 1) {
            int tried = (fitting + tooMany) / 2;
            byte[] candidate = json(notification, facts, factsCut, kept(text, tried));
            if (candidate.length <= MESSAGE_LIMIT) {
                fitting = tried;
                best = candidate;
            } else {
                tooMany = tried;
            }
        }
        return new Message(best, (int) rest(text, fitting).lines().count(), factsCut);
    }

    /**
     * Leaves out facts from the end while the card without its text takes more than half of the room, so that the
     * text (the failures, the story) keeps the other half; each fact is measured once.
     *
     * @return how many were left out
     */
    private static int keptWithinHalf(Notification notification, List<Map<String, Object>> facts) {
        int all = facts.size();
        int size = json(notification, facts, 0, "").length;
        while (!facts.isEmpty() && size > MESSAGE_LIMIT / 2) {
            // a fact and its comma; the "Not shown" fact that replaces those left out is counted by measuring again
            size -= bytes(facts.remove(facts.size() - 1)).length + 1;
            if (size <= MESSAGE_LIMIT / 2) {
                size = json(notification, facts, all - facts.size(), "").length;
            }
        }
        return all - facts.size();
    }

    /** A given Adaptive Card as the message that carries it. */
    static byte[] carrying(Map<String, Object> card) {
        return bytes(envelope(card));
    }

    /** The TextBlock colour of a severity. */
    static String color(Severity severity) {
        return switch (severity) {
            case INFO -> "Good";
            case WARNING -> "Warning";
            case ERROR, CRITICAL -> "Attention";
        };
    }

    /** The text's first {@code chars} characters, back to the end of a line, and a line that says what is left out. */
    private static String kept(String text, int chars) {
        String rest = rest(text, chars);
        long lines = rest.lines().count();
        return (head(text, chars) + "\n\n_… " + lines + (lines == 1 ? " more line" : " more lines") + " ("
                + rest.length() + " characters) not shown: Teams takes at most 28 KB a message._").strip();
    }

    private static String head(String text, int chars) {
        String head = text.substring(0, chars);
        int lineEnd = head.lastIndexOf('\n');
        return lineEnd > 0 && chars < text.length() ? head.substring(0, lineEnd) : head;
    }

    private static String rest(String text, int chars) {
        return text.substring(head(text, chars).length()).strip();
    }

    private static byte[] json(Notification notification, List<Map<String, Object>> facts, int factsCut, String text) {
        List<Map<String, Object>> body = new ArrayList<>();
        body.add(block(cut(notification.title(), FACT_LIMIT), "size", "Large", "weight", "Bolder",
                "color", color(notification.severity()), "wrap", true));
        body.add(block(subtitle(notification), "isSubtle", true, "spacing", "None", "wrap", true));
        if (!text.isEmpty()) {
            body.add(block(text, "wrap", true));
        }
        if (!facts.isEmpty() || factsCut > 0) {
            List<Map<String, Object>> shown = new ArrayList<>(facts);
            if (factsCut > 0) {
                shown.add(fact("Not shown", factsCut + (factsCut == 1 ? " more fact" : " more facts")
                        + ": Teams takes at most 28 KB a message"));
            }
            Map<String, Object> factSet = new LinkedHashMap<>();
            factSet.put("type", "FactSet");
            factSet.put("facts", shown);
            body.add(factSet);
        }
        if (!notification.links().isEmpty()) {
            List<Map<String, Object>> actions = new ArrayList<>();
            for (Notification.Link link : notification.links().subList(0, Math.min(MAX_ACTIONS, notification.links().size()))) {
                Map<String, Object> open = new LinkedHashMap<>();
                open.put("type", "Action.OpenUrl");
                open.put("title", cut(link.title(), 100));
                open.put("url", link.url().toString());
                actions.add(open);
            }
            Map<String, Object> actionSet = new LinkedHashMap<>();
            actionSet.put("type", "ActionSet");
            actionSet.put("actions", actions);
            body.add(actionSet);
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("msteams", Map.of("width", "Full"));
        card.put("body", body);
        return bytes(envelope(card));
    }

    private static Map<String, Object> envelope(Map<String, Object> card) {
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", CARD_TYPE);
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "message");
        message.put("attachments", List.of(attachment));
        return message;
    }

    private static String subtitle(Notification notification) {
        StringBuilder line = new StringBuilder(notification.severity().name());
        if (notification.event() != null) {
            line.append(" · ").append(notification.event());
        }
        return line.append(" · ").append(WHEN.format(notification.at())).toString();
    }

    private static Map<String, Object> block(String text, Object... more) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "TextBlock");
        block.put("text", text);
        for (int i = 0; i < more.length; i += 2) {
            block.put((String) more[i], more[i + 1]);
        }
        return block;
    }

    private static Map<String, Object> fact(String title, String value) {
        Map<String, Object> fact = new LinkedHashMap<>();
        fact.put("title", title);
        fact.put("value", value);
        return fact;
    }

    private static String cut(String text, int limit) {
        String value = text == null ? "" : text;
        return value.length() <= limit ? value : value.substring(0, limit - 1) + "…";
    }

    private static byte[] bytes(Map<String, Object> message) {
        try {
            return JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the card cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
