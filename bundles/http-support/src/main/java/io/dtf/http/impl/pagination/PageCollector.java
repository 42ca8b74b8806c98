package io.dtf.http.impl.pagination;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtf.http.HttpAnswer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Collects a list's items page after page without holding a thread between them; cancelling the
 * result cancels the page being fetched, which aborts its call.
 */
public final class PageCollector<T> {
    private final Pages pages;
    private final PageSource source;
    private final Function<JsonNode, T> convert;
    private final long maxItems;
    private final List<T> items = new ArrayList<>();
    private final CompletableFuture<List<T>> result = new CompletableFuture<>();
    private volatile CompletableFuture<HttpAnswer<JsonNode>> fetching;

    public PageCollector(Pages pages, PageSource source, Function<JsonNode, T> convert, long maxItems) {
        this.pages = pages;
        this.source = source;
        this.convert = convert;
        this.maxItems = maxItems;
    }

    public CompletableFuture<List<T>> start() {
        result.whenComplete((v, e) -> {
            CompletableFuture<HttpAnswer<JsonNode>> page = fetching;
            if (result.isCancelled() && page != null) {
                page.cancel(true);
            }
        });
        fetch(pages.first());
        return result;
    }

    private void fetch(URI url) {
        if (items.size() >= maxItems || url == null) {
            result.complete(List.copyOf(items));
            return;
        }
        CompletableFuture<HttpAnswer<JsonNode>> page = source.fetchAsync(url);
        fetching = page;
        if (result.isCancelled()) {
            page.cancel(true);
        }
        page.whenComplete((answer, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            try {
                for (JsonNode item : pages.items(url, answer)) {
                    if (items.size() < maxItems) {
                        items.add(convert.apply(item));
                    }
                }
                fetch(pages.next(url, answer));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }
}
