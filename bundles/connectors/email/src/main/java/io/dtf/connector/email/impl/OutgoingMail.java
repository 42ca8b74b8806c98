package io.dtf.connector.email.impl;

import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message to send.
 *
 * @param messageId its {@code Message-ID} with the angle brackets, the same each time the same message is sent again
 *     so that the receiving side can recognise the copy
 * @param threadId the {@code Message-ID} it follows up on ({@code In-Reply-To} and {@code References}), or {@code null}
 * @param to its recipients, at least one
 * @param cc its copies
 * @param subject one line, any characters (non-ASCII ones go as RFC 2047 encoded words)
 * @param text the plain text part
 * @param html the HTML part, or {@code null} for a plain text message
 * @param date its {@code Date}
 */
record OutgoingMail(String messageId, String threadId, List<InternetAddress> to, List<InternetAddress> cc,
                    String subject, String text, String html, Instant date) {
    OutgoingMail {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(date, "date");
        to = List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        text = text == null ? "" : text;
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one recipient");
        }
    }
}
