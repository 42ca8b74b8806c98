package io.dtf.http.impl.request;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Paths with {@code {}} placeholders ({@code /api/v1/runs/{}/tasks}), filled with encoded segments. */
public final class PathTemplate {
    private PathTemplate() {
    }

    /**
     * The template with each {@code {}} replaced by the next segment, percent-encoded.
     *
     * @throws IllegalArgumentException when the segments are more or fewer than the placeholders
     */
    public static String expand(String template, Object[] segments) {
        if (segments == null || segments.length == 0) {
            return template;
        }
        StringBuilder s = new StringBuilder();
        int from = 0;
        for (Object segment : segments) {
            int at = template.indexOf("{}", from);
            if (at < 0) {
                throw new IllegalArgumentException("more segments than {} in " + template);
            }
            s.append(template, from, at).append(encode(Objects.requireNonNull(segment, "segment")));
            from = at + 2;
        }
        if (template.indexOf("{}", from) >= 0) {
            throw new IllegalArgumentException("fewer segments than {} in " + template);
        }
        return s.append(template.substring(from)).toString();
    }

    /** A path segment or a query parameter's name or value, percent-encoded: {@code a b/c} is {@code a%20b%2Fc}. */
    public static String encode(Object segment) {
        return URLEncoder.encode(String.valueOf(segment), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
