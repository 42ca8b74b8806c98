package io.dtf.api.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ResourceLease#run} runs a job.
 *
 * @param key what the job is, for the pool's performance history (for example the task's name and shard); jobs of
 *     one key are compared with their trailing median
 * @param timeout how long one try may take; a try still running then counts as a hung browser (killed, retried)
 * @param attempts how many tries at most, the first included (1: no retry)
 */
public record JobOptions(String key, Duration timeout, int attempts) {
    public JobOptions {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(timeout, "timeout");
        if (key.isBlank()) {
            throw new IllegalArgumentException("a job's key must not be blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a job's timeout must be positive, not " + timeout);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("a job needs at least 1 attempt, not " + attempts);
        }
    }

    /** A job of this key with this time-out per try, tried up to 3 times. */
    public static JobOptions of(String key, Duration timeout) {
        return new JobOptions(key, timeout, 3);
    }

    public JobOptions withAttempts(int count) {
        return new JobOptions(key, timeout, count);
    }
}
