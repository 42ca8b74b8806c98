package io.dtf.notify.api;

/** What became of an event or a notification. Every event gets one of the event outcomes: none is dropped silently. */
public enum DeliveryOutcome {
    /** Event: it joined a group, whose next notification carries it. */
    GROUPED,
    /** Event: a silence muted it. */
    SILENCED,
    /** Event: an inhibit rule muted it (its run failed, and that run's failure is told). */
    INHIBITED,
    /** Event: the same failure as before (the test or run failed the last time too): no message for a repeat. */
    REPEATED,
    /** Event: no route sends it anywhere (no route matched with a channel). */
    UNROUTED,
    /** Event: delivered again after a restart, already held: counted once. */
    DUPLICATE,
    /** Notification: the channel took it. */
    SENT,
    /** Notification: the channel failed or limited it; it is tried again. */
    RETRYING,
    /** Notification: the channel refused it, or it failed every attempt, or the channel is not configured. */
    FAILED
}
