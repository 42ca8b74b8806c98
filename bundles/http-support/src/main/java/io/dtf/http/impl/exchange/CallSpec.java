package io.dtf.http.impl.exchange;

import io.dtf.http.RetryPolicy;
import io.dtf.http.impl.ratelimit.TargetLimiter;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * Everything an exchange needs to know of one call.
 *
 * @param what the request for messages ({@code GET https://host/path}), redacted where it shows
 * @param newRequest the request of each try, credentials and body included
 * @param responseTimeout how long to wait for an answer; {@code null} for the client's
 * @param idempotent whether repeating the request is harmless
 * @param repeatable whether its body can be sent again (a stream cannot)
 * @param target the rate limit the call counts against
 * @param maxRateLimitWait how long in all the call may wait for its target's rate limit
 */
public record CallSpec(String what, Supplier<HttpUriRequestBase> newRequest, Duration responseTimeout,
                       RetryPolicy policy, boolean idempotent, boolean repeatable, TargetLimiter target,
                       Duration maxRateLimitWait) {
}
