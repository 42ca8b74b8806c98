package io.dtf.rest.impl.http;

import io.dtf.api.Problem;
import java.util.List;
import java.util.Map;

/**
 * A request the API refuses, answered as problem+json: its {@link ProblemType}, a detail for people,
 * every problem found (with where it is), and headers the status needs ({@code Allow},
 * {@code WWW-Authenticate}, {@code Retry-After}).
 */
public final class RestError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ProblemType type;
    private final transient List<Problem> problems;
    private final transient Map<String, String> headers;

    public RestError(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of());
    }

    public RestError(ProblemType type, String detail, List<Problem> problems) {
        this(type, detail, problems, Map.of());
    }

    public RestError(ProblemType type, String detail, List<Problem> problems, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.problems = List.copyOf(problems);
        this.headers = Map.copyOf(headers);
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem> problems() {
        return problems;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static RestError invalid(String detail, List<Problem> problems) {
        return new RestError(ProblemType.INVALID_ARGUMENT, detail, problems);
    }

    public static RestError invalid(String location, String message) {
        return invalid("the request is not valid", List.of(new Problem(location, message)));
    }
}
