package io.dtf.http.impl.exchange;

import io.dtf.http.DtfHttpException;
import io.dtf.http.HttpTime;
import io.dtf.http.HttpTransportException;
import io.dtf.http.RateLimitExceededException;
import io.dtf.http.Secrets;
import io.dtf.http.impl.ratelimit.Admission;
import io.dtf.http.impl.response.ErrorAnswers;
import io.dtf.http.impl.retry.RetryRules;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions of one call, the same whether its tries block a thread or not: how long to wait for the
 * target's rate limit before a try (within the call's {@code maxRateLimitWait} in all, else a
 * {@link RateLimitExceededException}), and what follows a try. A rate limit's answer (429, GitHub's
 * 403) is tried again once the target's wait is over; without a wait in it, the target waits the
 * policy's backoff, or for GitHub's secondary limit a minute, doubled each time. Other failures follow
 * the {@link io.dtf.http.RetryPolicy} and {@link RetryRules}. A body that cannot be sent twice is sent
 * once, unless no connection was made. Not thread-safe: one try at a time.
 */
final class Tries {
    private static final Logger LOG = LoggerFactory.getLogger(Tries.class);
    static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);

    private final CallSpec spec;
    private final CallControl control;
    private final HttpTime time;
    private final ErrorAnswers errors;
    private final Instant start;
    private int attempt;
    private int secondaryLimits;
    private Duration rateLimitWaited = Duration.ZERO;
    private DtfHttpException lastRateLimitAnswer;

    Tries(CallSpec spec, CallControl control, HttpTime time, ErrorAnswers errors) {
        this.spec = spec;
        this.control = control;
        this.time = time;
        this.errors = errors;
        this.start = time.now();
    }

    /**
     * The wait for the target's rate limit before the next try, reserved for this call.
     *
     * @throws RateLimitExceededException when it would take the call past its {@code maxRateLimitWait}
     * @throws HttpTransportException when the call was aborted
     */
    Duration beforeTry() {
        if (control.isAborted()) {
            throw aborted();
        }
        attempt++;
        Duration allowed = spec.maxRateLimitWait().minus(rateLimitWaited);
        Admission admission = spec.target().admit(time.now(), allowed.isNegative() ? Duration.ZERO : allowed);
        if (!admission.admitted()) {
            throw new RateLimitExceededException(spec.what(), spec.target().name(), admission.delay(),
                    spec.maxRateLimitWait(), lastRateLimitAnswer);
        }
        rateLimitWaited = rateLimitWaited.plus(admission.delay());
        if (admission.delay().compareTo(Duration.ofSeconds(1)) >= 0) {
            LOG.info("{}: waiting {} ms for the rate limit of {}", Secrets.redact(spec.what()),
                    admission.delay().toMillis(), spec.target().name());
        }
        return admission.delay();
    }

    /** What follows the try just made. */
    <T> Verdict<T> after(Outcome<T> outcome) {
        if (outcome instanceof Outcome.Answered<T> answered) {
            return Verdict.done(answered.value());
        }
        if (outcome instanceof Outcome.ErrorAnswer<T> answer) {
            return afterError(answer);
        }
        return afterFailure((Outcome.Failed<T>) outcome);
    }

    private <T> Verdict<T> afterError(Outcome.ErrorAnswer<T> answer) {
        DtfHttpException error = errors.toException(answer.status(), answer.body(), spec.what());
        boolean triesLeft = attempt < spec.policy().maxAttempts() && spec.repeatable() && !control.isAborted();
        if (answer.rateLimited()) {
            if (!triesLeft) {
                return Verdict.fail(error);
            }
            lastRateLimitAnswer = error;
            if (answer.retryAfter() == null) {
                spec.target().blockUntil(time.now().plus(answer.secondaryLimit()
                        ? SECONDARY_LIMIT_WAIT.multipliedBy(1L << Math.min(10, secondaryLimits++))
                        : spec.policy().backoff(attempt + 1)));
            }
            log("HTTP " + answer.status() + " (rate limit of " + spec.target().name() + ")", Duration.ZERO);
            return Verdict.retry(Duration.ZERO);
        }
        Duration wait = triesLeft && RetryRules.isRetryable(answer.status(), spec.idempotent())
                ? RetryRules.nextWait(spec.policy(), attempt, elapsed(), answer.retryAfter()) : null;
        if (wait == null) {
            return Verdict.fail(error);
        }
        log("HTTP " + answer.status(), wait);
        return Verdict.retry(wait);
    }

    private <T> Verdict<T> afterFailure(Outcome.Failed<T> failed) {
        if (control.isAborted()) {
            return Verdict.fail(new HttpTransportException(spec.what() + ": aborted", failed.failure(), false));
        }
        boolean connect = RetryRules.isConnectFailure(failed.failure());
        boolean again = attempt < spec.policy().maxAttempts() && (spec.repeatable() || connect)
                && RetryRules.isRetryable(failed.failure(), spec.idempotent());
        Duration wait = again ? RetryRules.nextWait(spec.policy(), attempt, elapsed(), null) : null;
        if (wait == null) {
            return Verdict.fail(new HttpTransportException((connect ? "cannot reach " : "no answer to ") + spec.what()
                    + ": " + Secrets.redact(failed.failure()), failed.failure(), connect));
        }
        log(Secrets.redact(failed.failure()), wait);
        return Verdict.retry(wait);
    }

    HttpTransportException aborted() {
        return new HttpTransportException(spec.what() + ": aborted", new InterruptedIOException("aborted"), false);
    }

    HttpTransportException interrupted() {
        return new HttpTransportException(spec.what() + ": interrupted while waiting to try again",
                new InterruptedIOException("interrupted"), false);
    }

    private Duration elapsed() {
        return Duration.between(start, time.now());
    }

    private void log(String reason, Duration wait) {
        LOG.debug("{} failed ({}); try {} in {} ms", Secrets.redact(spec.what()), reason, attempt + 1, wait.toMillis());
    }
}
