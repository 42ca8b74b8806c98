package io.dtf.http.impl.exchange;

import java.util.concurrent.Future;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * Ends a call from any thread: aborts the request in flight (which breaks its blocking read) or the
 * wait before its next try, and keeps it from trying again. One per call.
 */
public final class CallControl {
    private volatile boolean aborted;
    private volatile HttpUriRequestBase inFlight;
    private volatile HttpUriRequestBase lastRequest;
    private volatile Future<?> waiting;

    public boolean isAborted() {
        return aborted;
    }

    /** Aborts the request in flight or the wait, and every try after it. */
    public void abort() {
        aborted = true;
        HttpUriRequestBase request = inFlight;
        if (request != null) {
            request.cancel();
        }
        Future<?> wait = waiting;
        if (wait != null) {
            wait.cancel(false);
        }
    }

    /**
     * For an answer handed over open: what ends it, from any thread. It cancels the request just sent,
     * which drops the connection at once (closing the body would read it to its end first).
     */
    public Runnable cancelOfLastRequest() {
        HttpUriRequestBase request = lastRequest;
        return () -> {
            aborted = true;
            request.cancel();
        };
    }

    void sending(HttpUriRequestBase request) {
        inFlight = request;
        lastRequest = request;
        if (aborted) {
            request.cancel();
        }
    }

    void sent() {
        inFlight = null;
    }

    void waiting(Future<?> wait) {
        waiting = wait;
        if (aborted) {
            wait.cancel(false);
        }
    }
}
