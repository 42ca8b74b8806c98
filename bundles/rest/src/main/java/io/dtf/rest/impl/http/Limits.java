package io.dtf.rest.impl.http;

import io.dtf.rest.impl.config.RestConfig;
import java.time.Duration;

/**
 * Limits of the API.
 *
 * @param maxPlanBytes largest plan
 * @param maxBodyBytes largest body of other calls
 * @param maxResultBytes largest result of a worker's {@code completed} (test cases make it large)
 * @param maxPollWait longest a poll waits
 * @param maxConcurrentPolls polls waiting at once
 */
public record Limits(long maxPlanBytes, long maxBodyBytes, long maxResultBytes, Duration maxPollWait,
                     int maxConcurrentPolls) {

    public static Limits of(RestConfig config) {
        return new Limits(config.maxPlanBytes(), config.maxBodyBytes(), config.maxResultBytes(),
                Duration.ofSeconds(config.maxPollWaitSeconds()), config.maxConcurrentPolls());
    }
}
