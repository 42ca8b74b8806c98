package io.dtf.http.impl.exchange;

import io.dtf.http.HttpTime;
import io.dtf.http.HttpTransportException;
import io.dtf.http.impl.connection.PooledConnections;
import io.dtf.http.impl.response.ErrorAnswers;
import io.dtf.http.impl.response.ResponseHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs calls through their tries, in either of two ways with the same decisions ({@link Tries}):
 * blocking the caller's thread ({@link #call}), or not ({@link #callAsync}: each try runs on the I/O
 * threads, every wait is a timer of the {@link HttpTime}, and no thread is held while a call waits for
 * its next try or its rate limit). Cancelling an asynchronous call's future aborts its request or wait;
 * closing fails the calls not done.
 */
public final class Exchanges implements AutoCloseable {
    private final Attempt attempt;
    /** The asynchronous calls not yet done, failed when the client closes (their timers and threads end). */
    private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();
    private final HttpTime time;
    private final ErrorAnswers errors;
    private final Executor io;

    /** @param io the threads that send asynchronous calls' requests and read their answers */
    public Exchanges(PooledConnections connections, HttpTime time, ErrorAnswers errors, Executor io) {
        this.attempt = new Attempt(connections, time);
        this.time = time;
        this.errors = errors;
        this.io = io;
    }

    /**
     * The call's value, on the caller's thread: a successful answer handed to {@code handler}.
     *
     * @param close whether the answer is closed after the handler; else the handler's value owns it
     */
    public <T> T call(CallSpec spec, CallControl control, ResponseHandler<T> handler, boolean close) {
        Tries tries = new Tries(spec, control, time, errors);
        while (true) {
            await(tries.beforeTry(), control, tries);
            Verdict<T> verdict = tries.after(attempt.run(spec, control, handler, close));
            if (verdict.isFinal()) {
                return verdict.valueOrThrow();
            }
            await(verdict.retryIn(), control, tries);
        }
    }

    /** The call's value, later; cancelling the future aborts the call at once, in a try or a wait. */
    public <T> CompletableFuture<T> callAsync(CallSpec spec, CallControl control, ResponseHandler<T> handler) {
        CompletableFuture<T> result = new CompletableFuture<>();
        running.add(result);
        result.whenComplete((v, e) -> {
            running.remove(result);
            if (result.isCompletedExceptionally()) {
                control.abort();
            }
        });
        new AsyncCall<>(new Tries(spec, control, time, errors), spec, control, handler, result).next();
        return result;
    }

    /**
     * Fails the asynchronous calls still running or waiting, as the client closes: their timers and I/O
     * threads end with it, and a future that never completes would hang whoever waits for it.
     */
    @Override
    public void close() {
        for (CompletableFuture<?> call : List.copyOf(running)) {
            call.completeExceptionally(new HttpTransportException("the HTTP client was closed before the call ended",
                    new java.io.InterruptedIOException("closed"), false));
        }
    }

    private void await(java.time.Duration wait, CallControl control, Tries tries) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        Future<Void> timer = time.after(wait);
        control.waiting(timer);
        try {
            timer.get();
        } catch (InterruptedException e) {
            timer.cancel(false);
            Thread.currentThread().interrupt();
            throw tries.interrupted();
        } catch (CancellationException | ExecutionException e) {
            throw tries.aborted();
        }
    }

    /** One asynchronous call: a try on the I/O threads, then a timer, then the next try. */
    private final class AsyncCall<T> {
        private final Tries tries;
        private final CallSpec spec;
        private final CallControl control;
        private final ResponseHandler<T> handler;
        private final CompletableFuture<T> result;

        AsyncCall(Tries tries, CallSpec spec, CallControl control, ResponseHandler<T> handler,
                  CompletableFuture<T> result) {
            this.tries = tries;
            this.spec = spec;
            this.control = control;
            this.handler = handler;
            this.result = result;
        }

        void next() {
            try {
                after(tries.beforeTry(), this::sendOnIoThread);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        private void sendOnIoThread() {
            try {
                io.execute(this::send);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new HttpTransportException(spec.what() + ": the client is closed",
                        new java.io.InterruptedIOException("closed"), false));
            }
        }

        private void send() {
            if (result.isDone()) {
                return;
            }
            try {
                Verdict<T> verdict = tries.after(attempt.run(spec, control, handler, true));
                if (verdict.isFinal()) {
                    if (verdict.failure() != null) {
                        result.completeExceptionally(verdict.failure());
                    } else {
                        result.complete(verdict.value());
                    }
                } else {
                    after(verdict.retryIn(), this::next);
                }
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }

        private void after(java.time.Duration wait, Runnable then) {
            if (wait.isZero() || wait.isNegative()) {
                then.run();
                return;
            }
            CompletableFuture<Void> timer = time.after(wait);
            control.waiting(timer);
            timer.whenComplete((v, e) -> {
                if (e != null || control.isAborted()) {
                    result.completeExceptionally(tries.aborted());
                } else {
                    then.run();
                }
            });
        }
    }
}
