package io.dtf.http.impl.ratelimit;

import java.time.Duration;

/**
 * A target's answer to a call that wants to start: wait this long, then go ({@code admitted}); or the
 * wait would be longer than the call may wait, and nothing was reserved.
 */
public record Admission(boolean admitted, Duration delay) {
}
