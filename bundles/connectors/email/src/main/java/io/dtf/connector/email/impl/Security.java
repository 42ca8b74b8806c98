package io.dtf.connector.email.impl;

import java.util.Locale;

/** How the connection to the SMTP server is protected ({@code security} in the configuration). */
enum Security {
    /** Plain connection upgraded with STARTTLS, which the server must offer. */
    STARTTLS,
    /** TLS from the first byte (SMTPS, port 465). */
    SSL,
    /** No TLS at all. */
    NONE;

    static Security of(String value) {
        String name = value == null || value.isBlank() ? "starttls" : value.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "starttls" -> STARTTLS;
            case "ssl" -> SSL;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("security must be starttls, ssl or none, not " + value);
        };
    }
}
