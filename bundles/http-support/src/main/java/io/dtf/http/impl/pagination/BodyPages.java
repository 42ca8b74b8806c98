package io.dtf.http.impl.pagination;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.HttpAnswer;
import java.net.URI;
import java.util.function.Function;

/**
 * Pages whose body says where the next one is: a cursor put into the first request's query (Slack's
 * {@code response_metadata.next_cursor} as {@code cursor}, Jira's {@code nextPageToken}), or a next
 * page's URL (Bitbucket Cloud's {@code next}, TeamCity's {@code nextHref}). A blank or missing value
 * ends the list.
 */
public final class BodyPages implements PageRule {
    private final Function<JsonNode, String> nextValue;
    private final String cursorParameter;

    /**
     * @param nextValue the cursor or URL of the next page in a page's body; {@code null} or blank at the end
     * @param cursorParameter the query parameter the cursor goes in; {@code null} when the value is a URL
     */
    public BodyPages(Function<JsonNode, String> nextValue, String cursorParameter) {
        this.nextValue = nextValue;
        this.cursorParameter = cursorParameter;
    }

    @Override
    public URI next(URI first, URI current, HttpAnswer<JsonNode> page) {
        String next = page.body() == null ? null : nextValue.apply(page.body());
        if (next == null || next.isBlank()) {
            return null;
        }
        return cursorParameter == null ? current.resolve(next.strip()) : QueryParameters.with(first, cursorParameter, next);
    }
}
