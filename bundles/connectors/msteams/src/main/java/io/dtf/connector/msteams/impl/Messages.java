package io.dtf.connector.msteams.impl;

import io.dtf.api.notify.Notification;
import io.dtf.api.notify.Severity;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * A message item's fields ({@code createItem("message", ...)}) as a notification: {@code title} (required),
 * {@code text} (Markdown), {@code severity} ({@code INFO}, {@code WARNING}, {@code ERROR}, {@code CRITICAL}),
 * {@code fields} (name to value, the card's facts) and {@code links} (title to URL, its buttons).
 */
final class Messages {
    private Messages() {
    }

    static Notification notification(Map<String, Object> fields) {
        Object title = fields.get("title");
        if (title == null || title.toString().isBlank()) {
            throw new IllegalArgumentException("title is required");
        }
        Notification.Builder message = Notification.builder(title.toString(), severity(fields.get("severity")))
                .text(fields.get("text") == null ? "" : fields.get("text").toString());
        if (fields.get("fields") instanceof Map<?, ?> facts) {
            facts.forEach((name, value) -> message.field(String.valueOf(name), String.valueOf(value)));
        }
        if (fields.get("links") instanceof Map<?, ?> links) {
            for (Map.Entry<?, ?> link : links.entrySet()) {
                message.link(String.valueOf(link.getKey()), url(link.getValue()));
            }
        }
        return message.build();
    }

    private static Severity severity(Object value) {
        try {
            return value == null ? Severity.INFO : Severity.valueOf(value.toString().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("severity must be INFO, WARNING, ERROR or CRITICAL, not " + value, unknown);
        }
    }

    private static URI url(Object value) {
        try {
            URI url = URI.create(String.valueOf(value));
            if (url.getScheme() == null || !url.getScheme().matches("(?i)https?")) {
                throw new IllegalArgumentException("not http(s)");
            }
            return url;
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("links must map titles to http(s) URLs, not " + value, bad);
        }
    }
}
