package io.dtf.rest.impl.http;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.worker.WorkerId;
import java.util.regex.Pattern;

/**
 * The forms of the ids the API accepts besides run and task ids (those are {@code RunId.parse} and
 * {@code TaskId.parse}, one rule for REST, shell and CLI): workers letters, digits, {@code .}, {@code _}
 * and {@code -} (at most 128), plugin and scheduler names the same (at most 200). A malformed id is a
 * 400, a well-formed unknown one a 404.
 */
public final class Ids {
    private static final Pattern WORKER = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private Ids() {
    }

    /** @throws DtfException {@link ErrorCode#INVALID_ARGUMENT} naming the text when it is no worker id */
    public static WorkerId worker(String value) {
        if (value == null || !WORKER.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw invalid(value, "is not a worker id (1 to 128 letters, digits, '.', '_' or '-')");
        }
        return WorkerId.of(value);
    }

    /**
     * A plugin's or scheduler's name: a bundle symbolic name or a {@code dtf.scheduler} name.
     *
     * @throws DtfException {@link ErrorCode#INVALID_ARGUMENT} naming the text when it is no name
     */
    public static String name(String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw invalid(value, "is not a name (1 to 200 letters, digits, '.', '_' or '-')");
        }
        return value;
    }

    private static DtfException invalid(String value, String why) {
        return new DtfException(ErrorCode.INVALID_ARGUMENT, "'" + Query.shorten(String.valueOf(value)) + "' " + why);
    }
}
