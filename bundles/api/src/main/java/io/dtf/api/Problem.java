package io.dtf.api;

import java.util.Objects;

/**
 * One problem in a request, with where it is: {@code tasks[3].timeout: must be positive}.
 *
 * @param location path into the request ({@code tasks[3].timeout}); empty for the whole document
 * @param message what is wrong, for a person
 */
public record Problem(String location, String message) {
    public Problem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return location.isEmpty() ? message : location + ": " + message;
    }
}
