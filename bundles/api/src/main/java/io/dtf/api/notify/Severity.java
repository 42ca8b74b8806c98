package io.dtf.api.notify;

/** How much an event or notification matters. */
public enum Severity {
    INFO,
    WARNING,
    ERROR,
    CRITICAL
}
