package io.dtf.api;

/**
 * Stable error codes. The {@link #code()} strings are a public contract: REST problem documents,
 * shell output and scripts rely on them, so they never change once released.
 */
public enum ErrorCode {
    /** The plan (or another request body) is not valid; the exception lists every problem. */
    INVALID_PLAN("DTF-1001", 400),
    /** A request argument other than a plan is malformed (bad id, bad filter, bad page). */
    INVALID_ARGUMENT("DTF-1002", 400),
    /** The named run, task or worker does not exist. */
    NOT_FOUND("DTF-1004", 404),
    /** A result or state change for an attempt that is no longer current (fencing). */
    STALE_ATTEMPT("DTF-1009", 409),
    /** The operation does not apply in the object's current state (e.g. cancel a finished run). */
    ILLEGAL_STATE("DTF-1010", 409),
    /** No executor or feature for this task type is installed. */
    UNSUPPORTED_TASK_TYPE("DTF-1015", 422),
    /** The durable store failed; nothing was accepted. */
    STORE_UNAVAILABLE("DTF-1503", 503),
    /** An unexpected failure inside DTF. */
    INTERNAL("DTF-1500", 500);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The stable, documented identifier, e.g. {@code DTF-1001}. */
    public String code() {
        return code;
    }

    /** The HTTP status the REST API answers with for this error. */
    public int httpStatus() {
        return httpStatus;
    }
}
