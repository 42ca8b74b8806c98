package io.dtf.ci.github.impl;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous work of one key after the work of that key started before it has ended, without holding a
 * thread: two upserts of one pull request comment at once would otherwise both find none and both post one.
 */
final class KeyedSequence {
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    <T> CompletableFuture<T> run(String key, Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> previous = tails.put(key, result);
        CompletableFuture<?> before = previous == null ? CompletableFuture.completedFuture(null) : previous;
        before.handle((value, failure) -> null)
                .thenCompose(ignored -> {
                    try {
                        return work.get();
                    } catch (RuntimeException e) {
                        return CompletableFuture.<T>failedFuture(e);
                    }
                })
                .whenComplete((value, failure) -> {
                    tails.remove(key, result);
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(value);
                    }
                });
        return result;
    }
}
