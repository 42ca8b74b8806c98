package io.dtf.http.impl.request;

import io.dtf.http.Secrets;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The http(s) URL a client's paths are resolved against, without a trailing {@code /}; its own path
 * ({@code http://host/dtf}) is kept in front of every request's.
 */
public final class BaseUrl {
    private final URI uri;
    private final String path;

    private BaseUrl(URI uri) {
        this.uri = uri;
        this.path = uri.getRawPath() == null ? "" : uri.getRawPath();
    }

    /**
     * The base URL, checked.
     *
     * @throws IllegalArgumentException when it is not http(s), has no host, or has a user, query or
     *     fragment (the message is redacted: a password in the URL does not show)
     */
    public static BaseUrl of(URI base) {
        Objects.requireNonNull(base, "baseUrl");
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + Secrets.redact(base.toString()));
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the base URL must have no user, query or fragment: "
                    + Secrets.redact(base.toString()));
        }
        String url = base.toString();
        return new BaseUrl(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url));
    }

    public URI uri() {
        return uri;
    }

    /**
     * The URL of a request: this one's path, then {@code path} (already encoded; {@code ""} for the base URL
     * itself, as a webhook's), then the query
     * parameters, each name and value percent-encoded, after any query {@code path} has.
     */
    public URI resolve(String path, Map<String, String> query) {
        StringBuilder s = new StringBuilder(uri.getScheme()).append("://").append(uri.getRawAuthority())
                .append(this.path).append(path.isEmpty() || path.startsWith("/") ? "" : "/").append(path);
        char sep = path.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> q : query.entrySet()) {
            s.append(sep).append(PathTemplate.encode(q.getKey())).append('=').append(PathTemplate.encode(q.getValue()));
            sep = '&';
        }
        return URI.create(s.toString());
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
