package io.dtf.http.impl.pagination;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.HttpAnswer;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Iterates a list's items, fetching the next page (on the caller's thread) only when they run out. */
public final class PageIterator<T> implements Iterator<T> {
    private final Pages pages;
    private final PageSource source;
    private final Function<JsonNode, T> convert;
    private final long maxItems;
    private final Deque<JsonNode> buffered = new ArrayDeque<>();
    private URI nextPage;
    private long given;

    public PageIterator(Pages pages, PageSource source, Function<JsonNode, T> convert, long maxItems) {
        this.pages = pages;
        this.source = source;
        this.convert = convert;
        this.maxItems = maxItems;
        this.nextPage = pages.first();
    }

    @Override
    public boolean hasNext() {
        while (given < maxItems && buffered.isEmpty() && nextPage != null) {
            URI url = nextPage;
            HttpAnswer<JsonNode> page = source.fetch(url);
            buffered.addAll(pages.items(url, page));
            nextPage = pages.next(url, page);
        }
        return given < maxItems && !buffered.isEmpty();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        given++;
        return convert.apply(buffered.removeFirst());
    }
}
