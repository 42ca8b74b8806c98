package io.dtf.api.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The outcome of a call to an external system, failures included: connectors complete their futures with one of
 * these for everything the system answers and for every failure to reach it, so that a caller (a durable hook
 * above all) can tell a failure worth retrying from one that is not, and how long to wait.
 *
 * @param status what happened
 * @param items the items the call made, changed, read or found, in the system's order; empty when none
 * @param nextCursor for a query with more results: what {@link ItemQuery#next} takes to get the next page;
 *     {@code null} on the last page and for other calls
 * @param data anything else the system answered (a generic operation's answer, system information), by the
 *     system's names; values are what JSON holds
 * @param errorCode for a failure, the system's error code or the connector's ({@code unsupported_operation},
 *     {@code http_403}, {@code invalid_transition}); {@code null} on success
 * @param message for a failure, what went wrong, for people, with secrets redacted; {@code null} on success
 * @param retryAfter for {@link Status#RATE_LIMITED} (and optionally {@link Status#UNAVAILABLE}), how long to wait
 *     before the next call, as the system said ({@code Retry-After}, {@code X-RateLimit-Reset}); else {@code null}
 */
public record ExternalSystemResult(Status status, List<ExternalItem> items, String nextCursor,
                                   Map<String, Object> data, String errorCode, String message, Duration retryAfter) {
    /** The {@link #errorCode} of a call the connector does not support. */
    public static final String UNSUPPORTED_OPERATION = "unsupported_operation";

    /** What happened to a call. */
    public enum Status {
        /** It was done. */
        OK(false),
        /** The item, project or channel it named does not exist (or the credentials may not see it). */
        NOT_FOUND(false),
        /** The system refused it for good: bad input, not allowed, not supported. Retrying the same call fails again. */
        REJECTED(false),
        /** The system could not be reached or failed on its side (network, time-out, HTTP 5xx): try again later. */
        UNAVAILABLE(true),
        /** The system's rate limit was hit: try again after {@link #retryAfter()}. */
        RATE_LIMITED(true);

        private final boolean retryable;

        Status(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether the same call may succeed later. */
        public boolean retryable() {
            return retryable;
        }
    }

    public ExternalSystemResult {
        Objects.requireNonNull(status, "status");
        items = items == null ? List.of() : List.copyOf(items);
        data = data == null || data.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
        if (status != Status.OK) {
            Objects.requireNonNull(message, "a failed result needs a message");
        }
        if (status == Status.RATE_LIMITED) {
            Objects.requireNonNull(retryAfter, "a rate-limited result needs retryAfter");
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            retryAfter = Duration.ZERO;
        }
    }

    /** Done, with nothing to return. */
    public static ExternalSystemResult ok() {
        return new ExternalSystemResult(Status.OK, List.of(), null, Map.of(), null, null, null);
    }

    /** Done: the item made, changed or read. */
    public static ExternalSystemResult ok(ExternalItem item) {
        return new ExternalSystemResult(Status.OK, List.of(item), null, Map.of(), null, null, null);
    }

    /** A page of a query: its items and the cursor of the next page, {@code null} on the last. */
    public static ExternalSystemResult page(List<ExternalItem> items, String nextCursor) {
        return new ExternalSystemResult(Status.OK, items, nextCursor, Map.of(), null, null, null);
    }

    /** Done, with the system's answer. */
    public static ExternalSystemResult ok(Map<String, Object> data) {
        return new ExternalSystemResult(Status.OK, List.of(), null, data, null, null, null);
    }

    public static ExternalSystemResult notFound(String message) {
        return new ExternalSystemResult(Status.NOT_FOUND, List.of(), null, Map.of(), "not_found", message, null);
    }

    public static ExternalSystemResult rejected(String errorCode, String message) {
        return new ExternalSystemResult(Status.REJECTED, List.of(), null, Map.of(), errorCode, message, null);
    }

    /** Rejected because the connector does not do {@code operation} (see its {@link ConnectorCapabilities}). */
    public static ExternalSystemResult unsupported(String operation) {
        return rejected(UNSUPPORTED_OPERATION, "this connector does not support " + operation);
    }

    public static ExternalSystemResult unavailable(String errorCode, String message) {
        return new ExternalSystemResult(Status.UNAVAILABLE, List.of(), null, Map.of(), errorCode, message, null);
    }

    public static ExternalSystemResult rateLimited(Duration retryAfter, String message) {
        return new ExternalSystemResult(Status.RATE_LIMITED, List.of(), null, Map.of(), "rate_limited", message,
                retryAfter);
    }

    /**
     * The outcome of a call that threw or whose future failed: the result an {@link ExternalSystemException}
     * carries; {@link Status#UNAVAILABLE} for I/O failures and time-outs; {@link Status#REJECTED} for an
     * unsupported operation and for anything else (a defect that retrying will not cure). Unwraps
     * {@link CompletionException} and {@link ExecutionException}.
     */
    public static ExternalSystemResult failure(Throwable failure) {
        Throwable cause = Objects.requireNonNull(failure, "failure");
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ExternalSystemException external) {
            return external.result();
        }
        String message = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (cause instanceof IOException || cause instanceof UncheckedIOException) {
            return unavailable("io_error", message);
        }
        if (cause instanceof TimeoutException) {
            return unavailable("timeout", message);
        }
        if (cause instanceof UnsupportedOperationException) {
            return rejected(UNSUPPORTED_OPERATION, message);
        }
        return rejected("internal", message);
    }

    public boolean success() {
        return status == Status.OK;
    }

    /** Whether the same call may succeed later ({@link Status#retryable()}). */
    public boolean retryable() {
        return status.retryable();
    }

    /** The first item, for calls about one item. */
    public Optional<ExternalItem> item() {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
    }

    /**
     * This result when it is a success, else an {@link ExternalSystemException} with it: for chaining calls
     * ({@code connector.getItem(ref).thenApply(ExternalSystemResult::orThrow)}).
     */
    public ExternalSystemResult orThrow() {
        if (!success()) {
            throw new ExternalSystemException(this);
        }
        return this;
    }

    /** One line for logs and listings: the status, and the error code and message of a failure. */
    public String describe() {
        if (success()) {
            return "OK" + (items.isEmpty() ? "" : " " + items.size() + " item(s)");
        }
        return status + " " + errorCode + ": " + message + (retryAfter == null ? "" : " (retry after " + retryAfter + ")");
    }
}
