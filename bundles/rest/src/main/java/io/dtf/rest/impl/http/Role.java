package io.dtf.rest.impl.http;

import java.util.Locale;

/**
 * What a token may do. {@code admin} may do everything; {@code submitter} submits and cancels and reads;
 * {@code viewer} reads; {@code worker} makes only the calls of the worker protocol. {@link #PUBLIC} is the
 * role a route needs when it needs no token at all.
 */
public enum Role {
    PUBLIC, VIEWER, SUBMITTER, ADMIN, WORKER;

    /** Whether a token of this role may call a route that needs {@code required}. */
    public boolean allows(Role required) {
        return switch (required) {
            case PUBLIC -> true;
            case VIEWER -> this == VIEWER || this == SUBMITTER || this == ADMIN;
            case SUBMITTER -> this == SUBMITTER || this == ADMIN;
            case ADMIN -> this == ADMIN;
            case WORKER -> this == WORKER || this == ADMIN;
        };
    }

    /** The name used in configuration and messages: {@code admin}, {@code worker}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A role that a token can have (not {@link #PUBLIC}), by its {@link #id()}; {@code null} when there is none. */
    public static Role ofToken(String id) {
        for (Role role : values()) {
            if (role != PUBLIC && role.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        return null;
    }
}
