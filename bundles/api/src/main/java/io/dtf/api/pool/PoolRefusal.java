package io.dtf.api.pool;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import java.util.List;
import java.util.Objects;

/** The pool did not lease a browser; the message says why in words for people. */
public class PoolRefusal extends DtfException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** No configured browser has what is required ({@link #missing()} says what): waiting would not help. */
        UNSATISFIABLE(ErrorCode.ILLEGAL_STATE),
        /** As many callers wait as the queue holds. */
        QUEUE_FULL(ErrorCode.TOO_MANY_REQUESTS),
        /** Every browser stayed busy for the whole wait. */
        WAIT_TIMED_OUT(ErrorCode.TOO_MANY_REQUESTS),
        /** The pool is stopping or stopped. */
        STOPPED(ErrorCode.ILLEGAL_STATE);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }
    }

    private final Reason reason;
    private final List<String> missing;

    public PoolRefusal(Reason reason, String message, List<String> missing) {
        super(reason.code, message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.missing = List.copyOf(missing);
    }

    public PoolRefusal(Reason reason, String message) {
        this(reason, message, List.of());
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#UNSATISFIABLE}: what no browser has ({@code "webnn device gpu"}); else empty. */
    public List<String> missing() {
        return missing;
    }
}
