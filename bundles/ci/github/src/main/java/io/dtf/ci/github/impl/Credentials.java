package io.dtf.ci.github.impl;

import io.dtf.http.DtfHttpException;
import io.dtf.http.HttpAuth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** How requests about a repository authenticate: a GitHub App's installation token, or a fixed token. */
interface Credentials {
    /** The credentials for requests about this repository. */
    CompletableFuture<HttpAuth> forRepository(Repo repo);

    /**
     * Forgets credentials GitHub answered with 401 (an installation token revoked before it expired); whether
     * asking {@link #forRepository} again gives others.
     */
    default boolean renew(Repo repo, HttpAuth rejected) {
        return false;
    }

    /** Whether these credentials may make check runs (an App's, the Actions token with checks: write). */
    boolean checkRuns();

    /** Whether there are credentials at all: a configuration may hold none and report only with jobs' tokens. */
    default boolean present() {
        return true;
    }

    /**
     * Sends an exchange about {@code repo} with its credentials; when GitHub answers 401 and fresh credentials may
     * be had, once more with them.
     */
    default <T> CompletableFuture<T> send(Repo repo, Function<HttpAuth, CompletableFuture<T>> exchange) {
        return forRepository(repo).thenCompose(auth -> exchange.apply(auth).exceptionallyCompose(failure ->
                status(failure) == 401 && renew(repo, auth)
                        ? forRepository(repo).thenCompose(exchange)
                        : CompletableFuture.failedFuture(failure)));
    }

    /** The HTTP status a call failed with, or 0. */
    static int status(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof DtfHttpException answer ? answer.status() : 0;
    }

    /** No credentials: nothing is reported but with a job's token ({@code withJobToken}). */
    Credentials NONE = new Credentials() {
        @Override
        public CompletableFuture<HttpAuth> forRepository(Repo repo) {
            return CompletableFuture.completedFuture(HttpAuth.NONE);
        }

        @Override
        public boolean checkRuns() {
            return false;
        }

        @Override
        public boolean present() {
            return false;
        }
    };

    /** A token that does not change: a personal access token, or a CI job's. */
    static Credentials fixed(HttpAuth token, boolean checkRuns) {
        CompletableFuture<HttpAuth> always = CompletableFuture.completedFuture(token);
        return new Credentials() {
            @Override
            public CompletableFuture<HttpAuth> forRepository(Repo repo) {
                return always;
            }

            @Override
            public boolean checkRuns() {
                return checkRuns;
            }
        };
    }
}
