package io.dtf.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.impl.pagination.PageCollector;
import io.dtf.http.impl.pagination.PageIterator;
import io.dtf.http.impl.pagination.PageSource;
import io.dtf.http.impl.pagination.Pages;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The items of a paged list, fetched a page at a time as they are needed: iterating stops fetching
 * when it stops, and {@link #maxItems} bounds what is fetched in all. Each page is a call like the one
 * that made this (its headers, credentials, retries and rate limit). Reusable: each iteration starts
 * again at the first page.
 *
 * <pre>{@code
 * List<Issue> open = http.get("/repos/{}/{}/issues", owner, repo).query("per_page", 100)
 *     .paginate(Pagination.linkHeader(), Issue.class).maxItems(1_000).toList();
 * }</pre>
 */
public final class Paged<T> implements Iterable<T> {
    private final Pages pages;
    private final PageSource source;
    private final Function<JsonNode, T> items;
    private final long maxItems;

    Paged(Pages pages, PageSource source, Function<JsonNode, T> items, long maxItems) {
        this.pages = pages;
        this.source = source;
        this.items = items;
        this.maxItems = maxItems;
    }

    /** At most this many items (pages after them are not fetched). */
    public Paged<T> maxItems(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxItems must not be negative: " + max);
        }
        return new Paged<>(pages, source, items, max);
    }

    /** Fetches the next page when the items fetched are used up. */
    @Override
    public Iterator<T> iterator() {
        return new PageIterator<>(pages, source, items, maxItems);
    }

    /** The items as a sequential, lazy stream. */
    public Stream<T> stream() {
        return StreamSupport.stream(spliterator(), false);
    }

    /** Every item (up to {@link #maxItems}), fetching page after page on the caller's thread. */
    public List<T> toList() {
        return stream().toList();
    }

    /**
     * Every item (up to {@link #maxItems}), fetched without holding the caller's thread. Cancelling the
     * future aborts the page being fetched.
     */
    public CompletableFuture<List<T>> collectAsync() {
        return new PageCollector<>(pages, source, items, maxItems).start();
    }
}
