package io.dtf.http.impl.ratelimit;

import io.dtf.api.connector.RateLimit;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The targets of one client and their limiters. A call's target is the key it names, else its URL's
 * host and port: a vendor counts per token and host, and a client holds one vendor's credentials.
 * A target's stated limit is fixed when it is first used: the one configured for its key, else the one
 * the call brings, else the client's default. Thread-safe.
 */
public final class RateLimiters {
    private final Map<String, RateLimit> configured;
    private final RateLimit defaultLimit;
    private final Map<String, TargetLimiter> targets = new ConcurrentHashMap<>();

    /**
     * @param configured stated limits by target key, in lower case (keys are compared ignoring case)
     * @param defaultLimit the limit of targets without one of their own, or {@code null} for none
     */
    public RateLimiters(Map<String, RateLimit> configured, RateLimit defaultLimit) {
        this.configured = Map.copyOf(configured);
        this.defaultLimit = defaultLimit;
    }

    /** The target key of a URL: {@code host} or {@code host:port}, lower case. */
    public static String targetOf(URI uri) {
        String host = uri.getHost() == null ? String.valueOf(uri.getAuthority()) : uri.getHost();
        return (uri.getPort() < 0 ? host : host + ":" + uri.getPort()).toLowerCase(Locale.ROOT);
    }

    /** @param callLimit the limit the call states for its target, or {@code null} */
    public TargetLimiter target(String key, RateLimit callLimit) {
        return targets.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> {
            RateLimit own = configured.get(k);
            return new TargetLimiter(k, own != null ? own : callLimit != null ? callLimit : defaultLimit);
        });
    }
}
