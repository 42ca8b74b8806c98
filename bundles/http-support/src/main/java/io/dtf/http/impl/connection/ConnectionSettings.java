package io.dtf.http.impl.connection;

import java.time.Duration;

/**
 * How {@link PooledConnections} connects to one server.
 *
 * @param connectTimeout how long to wait for a connection
 * @param responseTimeout how long to wait for an answer, unless a request sets its own
 * @param maxConnections connections kept to the server at most (also the limit of concurrent requests)
 * @param userAgent the {@code User-Agent} of every request
 */
public record ConnectionSettings(Duration connectTimeout, Duration responseTimeout, int maxConnections,
                                 String userAgent) {
}
