package io.dtf.http.impl.connection;

import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How {@link PooledConnections} connects to one server.
 *
 * @param connectTimeout how long to wait for a connection
 * @param responseTimeout how long to wait for an answer, unless a request sets its own
 * @param maxConnections connections kept to the server at most (also the limit of concurrent requests)
 * @param userAgent the {@code User-Agent} of every request
 * @param proxy the forward proxy, or {@code null} to connect directly
 * @param tls the TLS context (a custom trust store), or {@code null} for the JDK's default
 */
public record ConnectionSettings(Duration connectTimeout, Duration responseTimeout, int maxConnections,
                                 String userAgent, ProxySettings proxy, SSLContext tls) {
    /** Direct connections with the JDK's trust. */
    public ConnectionSettings(Duration connectTimeout, Duration responseTimeout, int maxConnections, String userAgent) {
        this(connectTimeout, responseTimeout, maxConnections, userAgent, null, null);
    }
}
