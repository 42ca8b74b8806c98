package io.dtf.ci.azure.impl;

import io.dtf.api.connector.ExternalSystemException;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.http.ExternalResults;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** How this provider's futures fail: with an {@link ExternalSystemException} that says whether to try again. */
final class Failures {
    private Failures() {
    }

    /** The future of {@code work}, failed with {@link ExternalResults#exception} whatever went wrong. */
    static <T> CompletableFuture<T> external(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> started;
        try {
            started = work.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.exceptionallyCompose(failure -> CompletableFuture.failedFuture(ExternalResults.exception(failure)));
    }

    /** A refusal that trying again cannot change: the context or configuration lacks what a call needs. */
    static ExternalSystemException rejected(String code, String message) {
        return new ExternalSystemException(ExternalSystemResult.rejected(code, message));
    }
}
