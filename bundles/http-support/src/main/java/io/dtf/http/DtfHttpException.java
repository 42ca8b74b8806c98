package io.dtf.http;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import java.util.List;

/**
 * An error answer: of a DTF server, the {@code application/problem+json} document as a
 * {@link DtfException}; of a vendor's API, its status, its error text in the message and its body in
 * {@link #body()}. {@link #code()} is the server's code when DTF knows it, else the closest by HTTP
 * status; {@link #serverCode()} is exactly what the server said. Everything in it is redacted.
 */
public class DtfHttpException extends DtfException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String serverCode;
    private final String title;
    private final String body;

    public DtfHttpException(ErrorCode code, String serverCode, int status, String title, String message,
                            List<Problem> problems) {
        this(code, serverCode, status, title, message, problems, "");
    }

    /** @param body the answer's body as text, redacted and cut to a bounded size; {@code ""} for none */
    public DtfHttpException(ErrorCode code, String serverCode, int status, String title, String message,
                            List<Problem> problems, String body) {
        super(code, message, problems);
        this.status = status;
        this.serverCode = serverCode == null ? code.code() : serverCode;
        this.title = title;
        this.body = body == null ? "" : body;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The error code as the server sent it ({@code DTF-1001}); {@link #code()}'s when it sent none. */
    public String serverCode() {
        return serverCode;
    }

    /** The problem document's title, or {@code null}. */
    public String title() {
        return title;
    }

    /**
     * The answer's body as the server sent it (a vendor's error document), redacted and cut to at most
     * 16 KiB; {@code ""} when it had none.
     */
    public String body() {
        return body;
    }

    /** The error code a DTF server sends with {@code code}, or the closest one for an HTTP status. */
    public static ErrorCode errorCode(String serverCode, int status) {
        if (serverCode != null) {
            for (ErrorCode c : ErrorCode.values()) {
                if (c.code().equals(serverCode)) {
                    return c;
                }
            }
        }
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404, 410 -> ErrorCode.NOT_FOUND;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            case 409 -> ErrorCode.ILLEGAL_STATE;
            case 422 -> ErrorCode.INVALID_PLAN;
            default -> status >= 400 && status < 500 ? ErrorCode.INVALID_ARGUMENT : ErrorCode.INTERNAL;
        };
    }
}
