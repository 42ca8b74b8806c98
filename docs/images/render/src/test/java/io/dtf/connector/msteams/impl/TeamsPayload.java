package io.dtf.connector.msteams.impl;

import io.dtf.api.notify.Notification;

/** The body the Teams connector posts to a Workflows webhook for a notification: a message with an Adaptive Card. */
public final class TeamsPayload {
    private TeamsPayload() {
    }

    public static byte[] of(Notification notification) {
        return AdaptiveCards.message(notification).json();
    }
}
