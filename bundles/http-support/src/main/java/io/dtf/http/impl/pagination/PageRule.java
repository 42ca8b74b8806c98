package io.dtf.http.impl.pagination;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.HttpAnswer;
import java.net.URI;

/** How a vendor pages a list: where a page's items are, and where the next page is. */
public interface PageRule {
    /** The items of a page, or {@code null} when the page has none where they should be. */
    JsonNode items(JsonNode body);

    /** What the items are looked for at, for messages ({@code /values}). */
    String itemsAt();

    /**
     * The next page's URL, or {@code null} after the last page.
     *
     * @param first the first page's URL (a cursor is put into its query)
     * @param current the page's own URL (a relative next link resolves against it)
     */
    URI next(URI first, URI current, HttpAnswer<JsonNode> page);
}
