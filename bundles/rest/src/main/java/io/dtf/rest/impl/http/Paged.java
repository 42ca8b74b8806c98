package io.dtf.rest.impl.http;

import io.dtf.api.task.Page;
import java.util.List;

/** A list answer: a window of the items, and their total where it is cheap to know. */
public record Paged<T>(List<T> items, int offset, int limit, Long total) {

    /** The page's window of a list held whole in memory, with its total. */
    public static <T> Paged<T> window(List<T> all, Page page) {
        int from = (int) Math.min(all.size(), (long) page.offset());
        int to = (int) Math.min(all.size(), (long) from + page.limit());
        return new Paged<>(all.subList(from, to), page.offset(), page.limit(), (long) all.size());
    }
}
