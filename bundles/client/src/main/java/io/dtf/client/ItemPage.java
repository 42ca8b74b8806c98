package io.dtf.client;

import java.util.List;

/**
 * One window of a listing, as every list of the REST API answers it.
 *
 * @param items the items of this window
 * @param offset how many items were skipped
 * @param limit the most items the window could hold
 * @param total how many items there are in all, or {@code null} when the server did not count them
 */
public record ItemPage<T>(List<T> items, int offset, int limit, Long total) {
    public ItemPage {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** Whether items may follow this window. */
    public boolean hasMore() {
        return total == null ? items.size() >= limit : offset + items.size() < total;
    }
}
