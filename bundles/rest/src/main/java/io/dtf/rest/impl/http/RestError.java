package io.dtf.rest.impl.http;

import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import java.util.List;
import java.util.Map;

/**
 * A request the API refuses, answered as problem+json: its {@link ErrorCode}, a detail for people,
 * every problem found (with where it is), and headers the status needs ({@code Allow},
 * {@code WWW-Authenticate}, {@code Retry-After}).
 */
public final class RestError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;
    private final transient List<Problem> problems;
    private final transient Map<String, String> headers;

    public RestError(ErrorCode code, String detail) {
        this(code, detail, List.of(), Map.of());
    }

    public RestError(ErrorCode code, String detail, List<Problem> problems) {
        this(code, detail, problems, Map.of());
    }

    public RestError(ErrorCode code, String detail, List<Problem> problems, Map<String, String> headers) {
        super(detail, null, false, false);
        this.code = code;
        this.problems = List.copyOf(problems);
        this.headers = Map.copyOf(headers);
    }

    public ErrorCode code() {
        return code;
    }

    public List<Problem> problems() {
        return problems;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static RestError invalid(String detail, List<Problem> problems) {
        return new RestError(ErrorCode.INVALID_ARGUMENT, detail, problems);
    }

    public static RestError invalid(String location, String message) {
        return invalid("the request is not valid", List.of(new Problem(location, message)));
    }
}
