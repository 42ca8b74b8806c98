package io.dtf.rest.impl.http;

/**
 * Who made a request: the role of the token presented and the token's name (its position in the
 * configuration, never the token itself), for log lines that say who did what.
 */
public record Caller(Role role, String name) {
}
