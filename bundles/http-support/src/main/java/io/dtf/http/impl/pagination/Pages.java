package io.dtf.http.impl.pagination;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.api.ErrorCode;
import io.dtf.http.DtfHttpException;
import io.dtf.http.HttpAnswer;
import io.dtf.http.Secrets;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The walk through a list's pages, one page at a time, shared by the lazy iterator and the
 * asynchronous collector: the items of a page, and the next page's URL. A next page on another
 * origin (scheme, host, port) is refused: the request would carry the credentials there. A page that
 * links to itself ends the list.
 */
public final class Pages {
    private final PageRule rule;
    private final String itemsAt;
    private final URI first;

    /** @param itemsAt the JSON pointer of each page's array of items ({@code ""}: the body is the array) */
    public Pages(PageRule rule, String itemsAt, URI first) {
        this.rule = rule;
        this.itemsAt = itemsAt;
        this.first = first;
    }

    public URI first() {
        return first;
    }

    /**
     * The page's items.
     *
     * @throws DtfHttpException when the page has no array where its items should be (a vendor's error
     *     that came with a 200, such as Slack's {@code "ok": false}); the message shows the body
     */
    public List<JsonNode> items(URI url, HttpAnswer<JsonNode> page) {
        JsonNode items = page.body() == null ? null : page.body().at(itemsAt);
        if (items == null || !items.isArray()) {
            String body = page.body() == null ? "" : page.body().toString();
            body = body.length() > 300 ? body.substring(0, 300) + "…" : body;
            throw new DtfHttpException(ErrorCode.INTERNAL, null, page.status(), null,
                    Secrets.redact("the page " + url + " has no array of items at " + (itemsAt.isEmpty() ? "the top" : itemsAt)
                            + (body.isEmpty() ? "" : ": " + body)), List.of(), Secrets.redact(body));
        }
        List<JsonNode> list = new ArrayList<>(items.size());
        items.forEach(list::add);
        return list;
    }

    /** The next page's URL, or {@code null} after the last. */
    public URI next(URI url, HttpAnswer<JsonNode> page) {
        URI next = rule.next(first, url, page);
        if (next == null || next.equals(url)) {
            return null;
        }
        if (!Objects.equals(next.getScheme(), first.getScheme()) || !Objects.equals(next.getHost(), first.getHost())
                || next.getPort() != first.getPort()) {
            throw new IllegalStateException(Secrets.redact("the next page of " + first + " is on another server ("
                    + next + "): not followed, the request would take its credentials there"));
        }
        return next;
    }
}
