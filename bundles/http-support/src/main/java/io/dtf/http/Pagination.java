package io.dtf.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.impl.pagination.BodyPages;
import io.dtf.http.impl.pagination.LinkHeaderPages;
import io.dtf.http.impl.pagination.PageRule;
import io.dtf.http.impl.pagination.Pages;
import java.net.URI;
import java.util.Objects;
import java.util.function.Function;

/**
 * How an API pages a list, for {@link JsonHttpClient.Call#paginate}. Items are found by a JSON pointer
 * (RFC 6901: {@code /values}, {@code /response_metadata/next_cursor}; {@code ""} is the whole body).
 *
 * <pre>{@code
 * Pagination.linkHeader()                                  // GitHub, GitLab: a JSON array, Link: <...>; rel="next"
 * Pagination.cursor("/channels", "cursor", "/response_metadata/next_cursor")   // Slack
 * Pagination.cursor("/issues", "nextPageToken", "/nextPageToken")              // Jira's /search/jql
 * Pagination.nextUrl("/values", "/next")                   // Bitbucket Cloud
 * }</pre>
 */
public final class Pagination {
    private final String itemsPointer;
    private final PageRule rule;

    private Pagination(String itemsPointer, PageRule rule) {
        this.itemsPointer = pointer(itemsPointer);
        this.rule = rule;
    }

    /** Pages linked by {@code Link: <url>; rel="next"}; each page's body is a JSON array of items. */
    public static Pagination linkHeader() {
        return linkHeader("");
    }

    /** Pages linked by {@code Link: <url>; rel="next"}; the items are the array at {@code itemsPointer}. */
    public static Pagination linkHeader(String itemsPointer) {
        return new Pagination(itemsPointer, new LinkHeaderPages());
    }

    /**
     * Pages with a cursor in the body, sent back in the query parameter {@code cursorParameter} of the
     * first request; a missing or blank cursor ends the list.
     */
    public static Pagination cursor(String itemsPointer, String cursorParameter, String cursorPointer) {
        return cursor(itemsPointer, cursorParameter, textAt(cursorPointer));
    }

    /** Like {@link #cursor(String, String, String)}, with a function that finds the cursor in a page's body. */
    public static Pagination cursor(String itemsPointer, String cursorParameter, Function<JsonNode, String> nextCursor) {
        if (cursorParameter == null || cursorParameter.isBlank()) {
            throw new IllegalArgumentException("a cursor needs the name of its query parameter");
        }
        return new Pagination(itemsPointer, new BodyPages(Objects.requireNonNull(nextCursor, "nextCursor"),
                cursorParameter));
    }

    /** Pages whose body holds the next page's URL at {@code nextUrlPointer}; missing or blank at the end. */
    public static Pagination nextUrl(String itemsPointer, String nextUrlPointer) {
        return nextUrl(itemsPointer, textAt(nextUrlPointer));
    }

    /** Like {@link #nextUrl(String, String)}, with a function that finds the URL in a page's body. */
    public static Pagination nextUrl(String itemsPointer, Function<JsonNode, String> nextUrl) {
        return new Pagination(itemsPointer, new BodyPages(Objects.requireNonNull(nextUrl, "nextUrl"), null));
    }

    /** The walk through the pages of the list whose first page is {@code first}. */
    Pages pagesFrom(URI first) {
        return new Pages(rule, itemsPointer, first);
    }

    private static Function<JsonNode, String> textAt(String pointer) {
        String p = pointer(pointer);
        return body -> {
            JsonNode v = body.at(p);
            return v.isValueNode() && !v.isNull() ? v.asText() : null;
        };
    }

    private static String pointer(String pointer) {
        if (pointer == null || !(pointer.isEmpty() || pointer.startsWith("/"))) {
            throw new IllegalArgumentException("not a JSON pointer (\"\" or starting with /): " + pointer);
        }
        return pointer;
    }
}
