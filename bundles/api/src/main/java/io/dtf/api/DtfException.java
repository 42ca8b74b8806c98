package io.dtf.api;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The one exception family of DTF: a stable {@link ErrorCode} and, for bad input, every problem found. */
public class DtfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final List<Problem> problems;

    public DtfException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    public DtfException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public DtfException(ErrorCode code, String message, List<Problem> problems) {
        this(code, message, problems, null);
    }

    private DtfException(ErrorCode code, String message, List<Problem> problems, Throwable cause) {
        super(describe(message, problems), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.problems = List.copyOf(problems);
    }

    private static String describe(String message, List<Problem> problems) {
        if (problems.isEmpty()) {
            return message;
        }
        return problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n", message + ":\n", ""));
    }

    public ErrorCode code() {
        return code;
    }

    /** Every problem found in the request, in document order; empty when the error is not about input. */
    public List<Problem> problems() {
        return problems;
    }

    public static DtfException notFound(String what, Object id) {
        return new DtfException(ErrorCode.NOT_FOUND, what + " '" + id + "' does not exist");
    }
}
