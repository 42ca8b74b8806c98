package io.dtf.http.impl.pagination;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.HttpAnswer;
import java.net.URI;

/** How a vendor links a list's pages: where the next page is. */
public interface PageRule {
    /**
     * The next page's URL, or {@code null} after the last page.
     *
     * @param first the first page's URL (a cursor is put into its query)
     * @param current the page's own URL (a relative next link resolves against it)
     */
    URI next(URI first, URI current, HttpAnswer<JsonNode> page);
}
