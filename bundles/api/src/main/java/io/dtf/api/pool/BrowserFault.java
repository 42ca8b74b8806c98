package io.dtf.api.pool;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import java.util.Objects;

/**
 * The browser failed, not the job: the pool has killed it (or it died). {@link ResourceLease#run} retries the job in
 * a fresh browser; a caller that uses a lease directly may {@link ResourceLease#replace()} and try again.
 */
public class BrowserFault extends DtfException {
    private static final long serialVersionUID = 1L;

    /** How the browser failed. */
    public enum Kind {
        /** The page's renderer process died ({@code tab crashed}). */
        TAB_CRASHED,
        /** The browser or its driver is gone ({@code invalid session id}, connection refused). */
        BROWSER_GONE,
        /** A command did not answer within its time limit (a page in a busy loop): the watchdog killed the browser. */
        HUNG,
        /** The browser had WebGPU but gives no adapter any more (its GPU process failed too often). */
        NO_ADAPTER,
        /** No browser could be started (binary or driver missing, start time-out). */
        START_FAILED,
        /** The lease was reclaimed: held longer than its maxHold, ended by an operator, or the pool stopped. */
        LEASE_RECLAIMED
    }

    private final Kind kind;

    public BrowserFault(Kind kind, String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public BrowserFault(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
