package io.dtf.http.impl.connection;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Makes a blocking call interruptible: blocking socket reads ignore interrupts, so the call runs on a
 * thread of its own while the caller waits for it, and an interrupt of the caller aborts the call.
 * Closed with its client.
 */
public final class InterruptibleCalls implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dtf-http-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /**
     * The call's result, or what it threw.
     *
     * @param abort what ends the call when the caller is interrupted
     * @throws InterruptedException when the caller was interrupted (the call then was aborted)
     */
    public <T> T call(Supplier<T> call, Runnable abort) throws InterruptedException {
        Future<T> answer = threads.submit(call::get);
        try {
            return answer.get();
        } catch (InterruptedException e) {
            abort.run();
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            throw new InterruptedException("aborted");
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
