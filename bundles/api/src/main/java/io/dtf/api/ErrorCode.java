package io.dtf.api;

/**
 * Stable error codes: the one catalogue of them. The {@link #code()} strings are a public contract:
 * REST problem documents, shell output, the {@code dtf} client and scripts rely on them, so they never
 * change once released. Codes {@code DTF-1<status>} are those only HTTP can get wrong (token, role,
 * method, size, media type, load); the REST API answers them itself.
 */
public enum ErrorCode {
    /** The plan (or another request body) is not valid; the exception lists every problem. */
    INVALID_PLAN("DTF-1001", 400, "Invalid plan"),
    /** A request argument other than a plan is malformed (bad id, bad filter, bad page). */
    INVALID_ARGUMENT("DTF-1002", 400, "Invalid request"),
    /** The named run, task or worker does not exist. */
    NOT_FOUND("DTF-1004", 404, "Not found"),
    /** A result or state change for an attempt that is no longer current (fencing). */
    STALE_ATTEMPT("DTF-1009", 409, "Stale attempt"),
    /** The operation does not apply in the object's current state (e.g. cancel a finished run). */
    ILLEGAL_STATE("DTF-1010", 409, "Not possible in this state"),
    /** No executor or feature for this task type is installed. */
    UNSUPPORTED_TASK_TYPE("DTF-1015", 422, "Unsupported task type"),
    /**
     * A task needs what no connected worker can offer, as probed (a browser with WebNN, say); the exception lists each
     * such task with what it misses.
     */
    UNSATISFIABLE_REQUIREMENTS("DTF-1016", 422, "No worker can run it"),
    /** No token, a malformed one or an unknown one. */
    UNAUTHORIZED("DTF-1401", 401, "Unauthorized"),
    /** The token's role does not allow the call. */
    FORBIDDEN("DTF-1403", 403, "Forbidden"),
    /** The method is not allowed on the path. */
    METHOD_NOT_ALLOWED("DTF-1405", 405, "Method not allowed"),
    /** The body is larger than the call takes. */
    PAYLOAD_TOO_LARGE("DTF-1413", 413, "Payload too large"),
    /** A missing or unsupported {@code Content-Type}, or a charset other than UTF-8. */
    UNSUPPORTED_MEDIA_TYPE("DTF-1415", 415, "Unsupported media type"),
    /** Too many waiting polls or event clients: try again later. */
    TOO_MANY_REQUESTS("DTF-1429", 429, "Too many requests"),
    /** An unexpected failure inside DTF. */
    INTERNAL("DTF-1500", 500, "Internal error"),
    /** The coordinator or its durable store is not running; nothing was accepted. */
    STORE_UNAVAILABLE("DTF-1503", 503, "Service unavailable");

    private final String code;
    private final int httpStatus;
    private final String title;

    ErrorCode(String code, int httpStatus, String title) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.title = title;
    }

    /** The stable, documented identifier, e.g. {@code DTF-1001}. */
    public String code() {
        return code;
    }

    /** The HTTP status the REST API answers with for this error. */
    public int httpStatus() {
        return httpStatus;
    }

    /** A short summary for people, the same for every error of this code ({@code Invalid plan}). */
    public String title() {
        return title;
    }
}
