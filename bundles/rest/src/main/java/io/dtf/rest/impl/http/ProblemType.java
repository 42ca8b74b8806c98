package io.dtf.rest.impl.http;

import io.dtf.api.ErrorCode;

/**
 * The kind of a problem+json answer: a stable {@code code}, its HTTP status and a title. The codes of
 * {@link ErrorCode} keep their strings; the REST API adds its own for what only HTTP can get wrong
 * (auth, method, size, media type, load), numbered {@code DTF-1<status>} like {@code DTF-1500}.
 */
public record ProblemType(String code, int status, String title) {
    public static final ProblemType UNAUTHORIZED = new ProblemType("DTF-1401", 401, "Unauthorized");
    public static final ProblemType FORBIDDEN = new ProblemType("DTF-1403", 403, "Forbidden");
    public static final ProblemType METHOD_NOT_ALLOWED = new ProblemType("DTF-1405", 405, "Method not allowed");
    public static final ProblemType PAYLOAD_TOO_LARGE = new ProblemType("DTF-1413", 413, "Payload too large");
    public static final ProblemType UNSUPPORTED_MEDIA_TYPE = new ProblemType("DTF-1415", 415, "Unsupported media type");
    public static final ProblemType TOO_MANY_REQUESTS = new ProblemType("DTF-1429", 429, "Too many requests");
    public static final ProblemType NOT_FOUND = of(ErrorCode.NOT_FOUND);
    public static final ProblemType INVALID_ARGUMENT = of(ErrorCode.INVALID_ARGUMENT);
    public static final ProblemType UNAVAILABLE = of(ErrorCode.STORE_UNAVAILABLE);
    public static final ProblemType INTERNAL = of(ErrorCode.INTERNAL);

    public static ProblemType of(ErrorCode code) {
        String title = switch (code) {
            case INVALID_PLAN -> "Invalid plan";
            case INVALID_ARGUMENT -> "Invalid request";
            case NOT_FOUND -> "Not found";
            case STALE_ATTEMPT -> "Stale attempt";
            case ILLEGAL_STATE -> "Not possible in this state";
            case UNSUPPORTED_TASK_TYPE -> "Unsupported task type";
            case STORE_UNAVAILABLE -> "Service unavailable";
            case INTERNAL -> "Internal error";
        };
        return new ProblemType(code.code(), code.httpStatus(), title);
    }

    /** The problem type URI of RFC 9457, e.g. {@code https://dtf.io/problems/DTF-1001}. */
    public String uri() {
        return "https://dtf.io/problems/" + code;
    }
}
