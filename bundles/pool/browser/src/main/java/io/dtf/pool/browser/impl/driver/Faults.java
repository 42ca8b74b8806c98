package io.dtf.pool.browser.impl.driver;

import io.dtf.api.DtfException;
import io.dtf.api.pool.BrowserFault;
import io.dtf.api.pool.ScriptFailure;
import java.io.IOException;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.InvalidArgumentException;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.NoSuchSessionException;
import org.openqa.selenium.ScriptTimeoutException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.UnhandledAlertException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.remote.UnreachableBrowserException;

/**
 * Tells the browser's failures ({@link BrowserFault}: retried in a fresh browser) from the job's
 * ({@link ScriptFailure}: reported as they are), by what the driver answered, as measured with Chromium: a killed
 * renderer makes every command answer {@code tab crashed}, a killed browser {@code invalid session id}, a killed
 * driver a refused connection.
 */
public final class Faults {
    private Faults() {
    }

    /**
     * The failure of a call.
     *
     * @param hung whether the watchdog killed the browser during the call
     * @param alive asked only when the answer says neither: whether the browser still answers a trivial script
     */
    public static DtfException classify(RuntimeException failure, String browserId, boolean hung, String limit,
                                        BooleanSupplier alive) {
        if (failure instanceof BrowserFault || failure instanceof ScriptFailure) {
            return (DtfException) failure;
        }
        if (hung) {
            return new BrowserFault(BrowserFault.Kind.HUNG, "Browser " + browserId + " gave no answer within " + limit
                    + " (a page in a busy loop?): it was killed", failure);
        }
        String message = message(failure);
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("tab crashed") || lower.contains("target crashed") || lower.contains("page crash")) {
            return new BrowserFault(BrowserFault.Kind.TAB_CRASHED, "The page of browser " + browserId + " crashed: "
                    + message, failure);
        }
        if (failure instanceof NoSuchSessionException || failure instanceof UnreachableBrowserException
                || lower.contains("invalid session id") || lower.contains("not reachable")
                || lower.contains("disconnected") || causedByIo(failure)) {
            return gone(browserId, message, failure);
        }
        if (failure instanceof JavascriptException || failure instanceof ScriptTimeoutException
                || failure instanceof TimeoutException || failure instanceof InvalidArgumentException
                || failure instanceof UnhandledAlertException || !(failure instanceof WebDriverException)) {
            return new ScriptFailure(message, failure);
        }
        return alive.getAsBoolean() ? new ScriptFailure(message, failure) : gone(browserId, message, failure);
    }

    private static BrowserFault gone(String browserId, String message, RuntimeException failure) {
        return new BrowserFault(BrowserFault.Kind.BROWSER_GONE, "Browser " + browserId + " is gone: " + message, failure);
    }

    private static boolean causedByIo(Throwable failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The driver's own words, first line only: Selenium appends build and host information for people. */
    static String message(RuntimeException failure) {
        String raw = failure instanceof WebDriverException web ? web.getRawMessage() : failure.getMessage();
        if (raw == null || raw.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        int newline = raw.indexOf('\n');
        return (newline < 0 ? raw : raw.substring(0, newline)).strip();
    }
}
