package io.dtf.api.pool;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;

/**
 * The job's script failed in a healthy browser (it threw, or a page did not load): the job's own failure, which the
 * pool does not retry. The message is the browser's ({@code javascript error: x is not defined}).
 */
public class ScriptFailure extends DtfException {
    private static final long serialVersionUID = 1L;

    public ScriptFailure(String message, Throwable cause) {
        super(ErrorCode.INVALID_ARGUMENT, message, cause);
    }
}
