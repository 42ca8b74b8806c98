package io.dtf.api.pool;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One browser session, as a job sees it: a page and scripts. Arguments and results are JSON-like values: {@code null},
 * {@link Boolean}, {@link Number} ({@code Long} or {@code Double} in results), {@link String}, {@link List} and
 * {@link java.util.Map} of them. Every call has a time limit that the pool enforces itself, even when the page is
 * stuck in a loop; a browser that fails (crashed tab, killed process, hung page, lost WebGPU adapter) throws
 * {@link BrowserFault}, and the script's own errors throw {@link ScriptFailure}.
 */
@ProviderType
public interface BrowserSession {
    /** What this browser was probed to have. */
    BrowserCapabilities capabilities();

    /**
     * Opens {@code page} and waits until it has loaded. WebGPU and WebNN need a secure context: an {@code https},
     * {@code http://127.0.0.1}/{@code localhost} or {@code file} page, not {@code data:}.
     */
    void open(URI page, Duration timeout);

    /** The page the browser shows; a fresh lease shows the pool's blank page (a secure context). */
    URI currentPage();

    /** Runs {@code script} as the body of a function with {@code arguments} and returns its {@code return} value. */
    Object execute(String script, List<?> arguments, Duration timeout);

    /**
     * Runs {@code script} as the body of a function whose last argument is a callback, and returns the value it is
     * called with (WebDriver's execute async script): the way to await a promise,
     * {@code const done = arguments[arguments.length - 1]; work().then(done, e => done({error: String(e)}));}.
     */
    Object executeAsync(String script, List<?> arguments, Duration timeout);

    /**
     * The WebDriver endpoint and session, for a caller that drives the browser with a WebDriver client of its own
     * (the pool's time-outs and watchdog do not cover such calls); empty where the pool does not expose it.
     */
    Optional<WebDriverSession> webDriver();

    /** A W3C WebDriver session: the remote end's URL and the session's id. */
    record WebDriverSession(URI url, String sessionId) {
    }
}
