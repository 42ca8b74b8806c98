package io.dtf.http;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The time a {@link JsonHttpClient} lives in: what time it is (for rate-limit resets given as dates and
 * epoch seconds) and waits that hold no thread (between tries, for a rate limit). The client's own uses
 * a scheduler thread; tests give a manual one (io.dtf.http.testing.ManualHttpTime in the test jar) to
 * measure waits without waiting.
 */
public interface HttpTime {
    Instant now();

    /**
     * A future completed once {@code wait} has passed. Cancelling it ends the wait (and frees what holds
     * it); a zero or negative wait may complete at once.
     */
    CompletableFuture<Void> after(Duration wait);
}
