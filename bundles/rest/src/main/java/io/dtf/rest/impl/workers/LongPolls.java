package io.dtf.rest.impl.workers;

import io.dtf.api.ErrorCode;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Responses;
import io.dtf.rest.impl.http.RestError;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where workers' long polls wait: on a poll thread of their own, not on one of Jetty's, at most
 * {@code maxConcurrentPolls} at once (then 429).
 */
final class LongPolls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LongPolls.class);

    private final int maxConcurrentPolls;
    private final ExecutorService polls;

    LongPolls(int maxConcurrentPolls) {
        this.maxConcurrentPolls = maxConcurrentPolls;
        AtomicInteger threads = new AtomicInteger();
        this.polls = new ThreadPoolExecutor(0, maxConcurrentPolls, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread thread = new Thread(r, "dtf-rest-poll-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Answers the exchange with what {@code poll} returns, which may wait up to {@code wait}; without
     * async support, on the calling thread.
     */
    void answer(Exchange ex, Duration wait, Object worker, Supplier<Object> poll) throws IOException {
        if (!ex.request.isAsyncSupported()) {
            ex.ok(poll.get());
            return;
        }
        AsyncContext async = ex.request.startAsync();
        async.setTimeout(wait.toMillis() + 60_000);
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            polls.execute(() -> {
                try {
                    Responses.json(response, 200, poll.get());
                } catch (Throwable failure) {
                    try {
                        Responses.failure(response, failure);
                    } catch (IOException | RuntimeException gone) {
                        LOG.debug("Worker {} went away before its poll was answered", worker);
                    }
                } finally {
                    complete(async);
                }
            });
        } catch (RejectedExecutionException busy) {
            Responses.failure(response, new RestError(ErrorCode.TOO_MANY_REQUESTS, maxConcurrentPolls
                    + " polls are waiting, the limit (maxConcurrentPolls); try again", List.of(),
                    Map.of("Retry-After", "1")));
            complete(async);
        }
    }

    private static void complete(AsyncContext async) {
        try {
            async.complete();
        } catch (IllegalStateException alreadyDone) {
            // timed out or the client went away
        }
    }

    @Override
    public void close() {
        polls.shutdownNow();
    }
}
