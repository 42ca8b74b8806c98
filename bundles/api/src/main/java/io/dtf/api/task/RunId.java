package io.dtf.api.task;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifier of a run, such as {@code r42}: {@code r} and the run's number (no leading zero). Ids a
 * person or a client gives are read with {@link #parse}, the one rule for them in REST, shell and CLI.
 */
public record RunId(String value) {
    /** {@code r} and a number of at most 18 digits without a leading zero. */
    static final Pattern FORM = Pattern.compile("r[1-9][0-9]{0,17}");

    public RunId {
        Objects.requireNonNull(value, "value");
    }

    public static RunId of(String value) {
        return new RunId(value);
    }

    /**
     * A run id given by a person or a client, checked.
     *
     * @throws DtfException {@link ErrorCode#INVALID_ARGUMENT} naming the text when it is not a run id
     */
    public static RunId parse(String text) {
        if (text == null || !FORM.matcher(text).matches()) {
            throw new DtfException(ErrorCode.INVALID_ARGUMENT, quote(text)
                    + " is not a run id (r followed by a number, e.g. r12)");
        }
        return new RunId(text);
    }

    /** A text as an error message shows it: quoted, cut after 40 characters. */
    static String quote(String text) {
        if (text == null) {
            return "nothing";
        }
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
    }

    @Override
    public String toString() {
        return value;
    }
}
