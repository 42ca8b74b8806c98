package io.dtf.http;

import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link ExternalSystemResult} of a failed call of this client, so that a connector or CI provider tells a
 * caller (a durable hook above all) whether trying again may help, and when, the same way as every other:
 *
 * <ul>
 *   <li>a rate limit (429, or a 403 whose body speaks of a rate limit, as GitHub's secondary limits do, and
 *   {@link RateLimitExceededException}): {@code RATE_LIMITED}, after the wait the limit asked for, or
 *   {@link #DEFAULT_RATE_LIMIT_WAIT} when it did not say;</li>
 *   <li>408, 425 and 5xx, and no answer at all ({@link HttpTransportException}): {@code UNAVAILABLE};</li>
 *   <li>404 and 410: {@code NOT_FOUND};</li>
 *   <li>every other 4xx (401 and 403 included: the credentials will not get better by themselves):
 *   {@code REJECTED}, with the error code {@code http_<status>};</li>
 *   <li>anything else as {@link ExternalSystemResult#failure}.</li>
 * </ul>
 * The message is the exception's, which this client redacts.
 */
public final class ExternalResults {
    /** The wait after a rate limit that said nothing of how long to wait. */
    public static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

    private ExternalResults() {
    }

    /** The result of a call that failed so. Unwraps {@link CompletionException} and {@link ExecutionException}. */
    public static ExternalSystemResult of(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RateLimitExceededException limited) {
            return ExternalSystemResult.rateLimited(limited.requiredWait(), limited.getMessage());
        }
        if (cause instanceof DtfHttpException answer) {
            return ofAnswer(answer);
        }
        if (cause instanceof HttpTransportException transport) {
            return ExternalSystemResult.unavailable(transport.isConnectFailure() ? "unreachable" : "io_error",
                    String.valueOf(transport.getMessage()));
        }
        return ExternalSystemResult.failure(cause);
    }

    /** An {@link ExternalSystemException} with {@link #of}'s result: for failing a future of another type. */
    public static ExternalSystemException exception(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof ExternalSystemException external ? external : new ExternalSystemException(of(cause));
    }

    /**
     * The future of {@code call}, failed (when it fails) with {@link #exception} of its failure: the form every
     * connector and CI provider hands its callers. A {@code call} that throws instead of returning a future fails
     * the future the same way.
     */
    public static <T> CompletableFuture<T> of(Supplier<CompletableFuture<T>> call) {
        return of(call, body -> null);
    }

    /**
     * {@link #of(Supplier)}, with what the vendor's error answer says beyond its message appended to the result's
     * message, so that a parked report names what was refused ({@code note is too long}).
     *
     * @param detail the detail of an error answer's body (the body as the client keeps it), or {@code null} for none
     */
    public static <T> CompletableFuture<T> of(Supplier<CompletableFuture<T>> call, Function<String, String> detail) {
        CompletableFuture<T> started;
        try {
            started = call.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.exceptionallyCompose(failure -> CompletableFuture.failedFuture(withDetail(failure, detail)));
    }

    /** A future failed with a {@code REJECTED} result: a call its caller's input cannot make, which retrying cannot change. */
    public static <T> CompletableFuture<T> rejected(String errorCode, String message) {
        return CompletableFuture.failedFuture(new ExternalSystemException(ExternalSystemResult.rejected(errorCode, message)));
    }

    /** The error answer that failed a call (unwrapped from {@link CompletionException}), or {@code null} when none did. */
    public static DtfHttpException answer(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof DtfHttpException answer ? answer : null;
    }

    private static ExternalSystemException withDetail(Throwable failure, Function<String, String> detail) {
        ExternalSystemException external = exception(failure);
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String said = cause instanceof DtfHttpException answer ? detail.apply(answer.body()) : null;
        ExternalSystemResult r = external.result();
        if (said == null || said.isBlank() || r.message() == null || r.message().contains(said)) {
            return external;
        }
        return new ExternalSystemException(new ExternalSystemResult(r.status(), r.items(), r.nextCursor(), r.data(),
                r.errorCode(), r.message() + ": " + Secrets.redact(said), r.retryAfter()), cause);
    }

    private static ExternalSystemResult ofAnswer(DtfHttpException answer) {
        int status = answer.status();
        String message = String.valueOf(answer.getMessage());
        String code = "http_" + status;
        if (status == 429 || status == 403 && answer.body().toLowerCase(Locale.ROOT).contains("rate limit")) {
            return ExternalSystemResult.rateLimited(DEFAULT_RATE_LIMIT_WAIT, message);
        }
        if (status == 408 || status == 425 || status >= 500) {
            return ExternalSystemResult.unavailable(code, message);
        }
        if (status == 404 || status == 410) {
            return new ExternalSystemResult(ExternalSystemResult.Status.NOT_FOUND, null, null, null, code, message, null);
        }
        return ExternalSystemResult.rejected(code, message);
    }
}
