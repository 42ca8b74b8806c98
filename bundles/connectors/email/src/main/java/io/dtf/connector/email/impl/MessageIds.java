package io.dtf.connector.email.impl;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code Message-ID}s made from DTF's ids, so that the same notification sent again has the same one (mail systems
 * drop a second copy; people's clients show one) and a group's messages name the same thread. RFC 5322 (3.6.4)
 * allows only {@code atext} on the left of the {@code @}: DTF's ids have {@code :} and more, so every other character
 * is written {@code =XX} (its UTF-8 bytes in hex, {@code =} itself included), which keeps different ids different.
 */
final class MessageIds {
    /** RFC 5322 atext without {@code =}, which starts an escape here. */
    private static final String ATEXT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/?^_`{|}~";

    private MessageIds() {
    }

    /** The {@code Message-ID} of a notification: {@code <dtf.<id>@<domain>>}. */
    static String ofNotification(String notificationId, String domain) {
        return "<dtf." + encoded(notificationId) + "@" + domain + ">";
    }

    /**
     * The {@code Message-ID} a group's messages follow up on ({@code In-Reply-To}, {@code References}): the same for
     * every message with the group key, whichever was sent first and whether or not the instance was restarted in
     * between, so that mail clients put them in one thread.
     */
    static String ofGroup(String groupKey, String domain) {
        return "<dtf.group." + encoded(groupKey) + "@" + domain + ">";
    }

    /** The right side of the {@code @}: the sender's domain, which the ids are unique within. */
    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "dtf.localhost" : address.substring(at + 1).toLowerCase(Locale.ROOT);
        return domain.replaceAll("[^a-z0-9.-]", "-");
    }

    static String encoded(String id) {
        StringBuilder out = new StringBuilder(id.length() + 8);
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && ATEXT.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('=').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
