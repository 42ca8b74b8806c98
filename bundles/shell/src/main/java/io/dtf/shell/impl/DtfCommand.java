package io.dtf.shell.impl;

import io.dtf.api.DtfException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;

/**
 * What every {@code dtf:*} command shares, with or without the coordinator: the error display (a {@link DtfException}
 * becomes {@code Error DTF-1004: ...}, never a stack trace) and the clock.
 */
abstract class DtfCommand implements Action {
    /** Replaced in tests. */
    Clock clock = Clock.systemDefaultZone();

    @Override
    public final Object execute() throws Exception {
        try {
            run(System.out);
        } catch (DtfException e) {
            throw new CommandException(Format.error(e), e.getMessage(), e);
        }
        return null;
    }

    /** Does the command's work, printing to {@code out}. */
    abstract void run(PrintStream out) throws Exception;

    Instant now() {
        return clock.instant();
    }
}
