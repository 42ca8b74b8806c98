package io.dtf.http.impl.exchange;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run asynchronous calls' tries: as many as the client has connections (more could
 * only wait for one), started when needed and ended after a minute idle, so that an idle client holds
 * no thread.
 */
public final class IoThreads {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private IoThreads() {
    }

    public static ExecutorService create(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "dtf-http-io-" + COUNT.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
