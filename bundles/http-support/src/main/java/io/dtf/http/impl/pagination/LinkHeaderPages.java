package io.dtf.http.impl.pagination;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.HttpAnswer;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pages linked by the {@code Link} header's {@code rel="next"} (RFC 8288), as GitHub, GitLab and
 * Bitbucket Server send them.
 */
public final class LinkHeaderPages implements PageRule {
    /** One link-value: {@code <uri>; param; rel="next"}, a rel holding several types included. */
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile("(?i);\\s*rel\\s*=\\s*(?:\"[^\"]*\\bnext\\b[^\"]*\"|next\\b)");

    @Override
    public URI next(URI first, URI current, HttpAnswer<JsonNode> page) {
        for (String header : page.headers().getOrDefault("Link", List.of())) {
            String next = nextOf(header);
            if (next != null) {
                return current.resolve(next);
            }
        }
        return null;
    }

    /** The target of the {@code rel="next"} link in a {@code Link} header's value, or {@code null}. */
    static String nextOf(String header) {
        Matcher m = LINK.matcher(header);
        while (m.find()) {
            if (REL_NEXT.matcher(m.group(2)).find()) {
                return m.group(1).strip();
            }
        }
        return null;
    }
}
