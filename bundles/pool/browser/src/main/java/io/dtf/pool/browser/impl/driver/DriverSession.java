package io.dtf.pool.browser.impl.driver;

import io.dtf.pool.browser.impl.process.TrackedProcess;
import io.dtf.pool.browser.impl.settings.Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser with its WebDriver session, and the processes the pool started for it (driver, browser). Calls here
 * have no time limit of their own: the pool's {@link Watchdog} ends a call that hangs by {@link #kill killing} the
 * processes, which makes the call fail. Thread-safe for one caller plus the watchdog.
 */
public final class DriverSession {
    private static final Logger LOG = LoggerFactory.getLogger(DriverSession.class);
    /**
     * How long a Grid may take to delete a session. A Grid's node forwards the delete to the browser's driver, which
     * answers only after the command before it: behind a page in a busy loop, never (so the browser is closed
     * first).
     */
    private static final Duration GRID_DELETE_TIMEOUT = Duration.ofSeconds(30);
    /** How long closing a Grid's browser through its DevTools may take (one WebSocket, one command). */
    private static final Duration GRID_BROWSER_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Only for deleting a Grid's session in the background with a time-out of its own: Selenium's client for the
     * session waits as long as the session's other calls (hours), and deleting through it would hold a thread as
     * long. No secret is sent, and nothing to rate-limit or retry: io.dtf.http's client would add a bundle for nothing.
     */
    private static final HttpClient GRID_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String browserId;
    private final Backend backend;
    private final RemoteWebDriver driver;
    private final URI driverUrl;
    private final List<TrackedProcess> processes = new CopyOnWriteArrayList<>();
    private Duration scriptTimeout;
    private Duration pageLoadTimeout;
    private volatile String killedBecause;
    /** Done when the session is ended as far as the pool can end it: at once for local processes, killed in place. */
    private volatile CompletableFuture<Void> ended = CompletableFuture.completedFuture(null);

    DriverSession(String browserId, Backend backend, RemoteWebDriver driver, URI driverUrl,
                  List<TrackedProcess> processes) {
        this.browserId = browserId;
        this.backend = backend;
        this.driver = driver;
        this.driverUrl = driverUrl;
        this.processes.addAll(processes);
    }

    public String browserId() {
        return browserId;
    }

    public Backend backend() {
        return backend;
    }

    /** The remote end's address (chromedriver's, or the Grid's). */
    public URI driverUrl() {
        return driverUrl;
    }

    public String sessionId() {
        return String.valueOf(driver.getSessionId());
    }

    /** What the session reported of itself: browser name and version. */
    public String browserName() {
        return Objects.toString(driver.getCapabilities().getBrowserName(), "");
    }

    public String browserVersion() {
        return Objects.toString(driver.getCapabilities().getBrowserVersion(), "");
    }

    /** The processes the pool started for this browser (none for a Grid's). */
    public List<TrackedProcess> processes() {
        return List.copyOf(processes);
    }

    /**
     * The browser's process id as the driver reports it ({@code goog:processID}, {@code moz:processID}), or
     * {@code null}.
     */
    Object processId() {
        Object chromium = driver.getCapabilities().getCapability("goog:processID");
        return chromium != null ? chromium : driver.getCapabilities().getCapability("moz:processID");
    }

    /** One more process to kill with the browser. */
    void adopt(TrackedProcess process) {
        processes.add(process);
    }

    /** Why the browser was killed, or {@code null} while it has not been. */
    public String killedBecause() {
        return killedBecause;
    }

    /** Runs a script as a function body; the result is made JSON-like. */
    public Object execute(String script, List<?> arguments, Duration timeout) {
        scriptTimeout(timeout);
        return JsonLike.of(driver.executeScript(script, arguments.toArray()));
    }

    /** Runs a script whose last argument is a callback; the result is made JSON-like. */
    public Object executeAsync(String script, List<?> arguments, Duration timeout) {
        scriptTimeout(timeout);
        return JsonLike.of(driver.executeAsyncScript(script, arguments.toArray()));
    }

    public void open(URI page, Duration timeout) {
        if (!timeout.equals(pageLoadTimeout)) {
            driver.manage().timeouts().pageLoadTimeout(timeout);
            pageLoadTimeout = timeout;
        }
        driver.get(page.toString());
    }

    public URI currentPage() {
        return URI.create(driver.getCurrentUrl());
    }

    private void scriptTimeout(Duration timeout) {
        if (!timeout.equals(scriptTimeout)) {
            driver.manage().timeouts().scriptTimeout(timeout);
            scriptTimeout = timeout;
        }
    }

    /**
     * Kills the browser's processes (with every process they started) at once; a call blocked on the browser then
     * fails. A Grid's browser cannot be killed from here: its session is deleted instead, in the background with a
     * time-out of its own ({@link #ended}), since the delete waits behind a hung call. Never blocks on the browser.
     * Idempotent.
     *
     * @return the ids of the processes killed
     */
    public List<Long> kill(String because) {
        synchronized (this) {
            if (killedBecause != null) {
                return List.of();
            }
            killedBecause = because;
        }
        if (backend == Backend.GRID) {
            ended = deleteGridSession(because);
            return List.of();
        }
        List<Long> killed = new ArrayList<>();
        // the browser first (the driver would otherwise notice and start answering errors), then the driver
        for (int i = processes.size() - 1; i >= 0; i--) {
            killed.addAll(processes.get(i).killTree());
        }
        LOG.debug("Killed browser {} ({}): processes {}", browserId, because, killed);
        return killed;
    }

    /**
     * Ends the session politely (the browser flushes and exits), then kills whatever is left. For a healthy
     * browser; the caller watches it like any call. A Grid's session is deleted as by {@link #kill}.
     */
    public List<Long> quit() {
        if (killedBecause == null && backend != Backend.GRID) {
            quietQuit();
        }
        return kill("discarded");
    }

    /** Done when the session has ended, or its end was given up (a Grid that did not delete it in time). */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * Closes the browser through the Grid's proxy to its DevTools (a page in a busy loop holds the driver, and the
     * delete waits behind it: {@link GridBrowserClose}), then deletes the session; both in the background, each with
     * a time-out.
     */
    private CompletableFuture<Void> deleteGridSession(String because) {
        URI session = URI.create(driverUrl.toString().replaceAll("/+$", "") + "/session/" + sessionId());
        Object cdp = driver.getCapabilities().getCapability("se:cdp");
        CompletableFuture<?> closed = cdp == null ? CompletableFuture.completedFuture(null)
                : GridBrowserClose.close(GRID_HTTP, URI.create(cdp.toString()), GRID_BROWSER_CLOSE_TIMEOUT)
                .handle((done, failure) -> {
                    if (failure != null) {
                        LOG.debug("Browser {} could not be closed through the Grid's DevTools (gone already?): {}",
                                browserId, failure.toString());
                    }
                    return null;
                });
        HttpRequest delete = HttpRequest.newBuilder(session).timeout(GRID_DELETE_TIMEOUT).DELETE().build();
        return closed.thenCompose(done -> GRID_HTTP.sendAsync(delete, HttpResponse.BodyHandlers.discarding()))
                .handle((response, failure) -> {
                    if (failure != null) {
                        LOG.warn("Browser {}'s Grid session {} was not deleted ({}): {}; the Grid may keep it",
                                browserId, sessionId(), because, failure.toString());
                    } else {
                        LOG.debug("Browser {}'s Grid session {} deleted ({}): HTTP {}", browserId, sessionId(),
                                because, response.statusCode());
                    }
                    return null;
                });
    }

    private void quietQuit() {
        try {
            driver.quit();
        } catch (RuntimeException gone) {
            LOG.debug("Browser {} did not quit cleanly: {}", browserId, gone.getMessage());
        }
    }

    @Override
    public String toString() {
        return browserId + " (" + backend.label() + ", pids " + Arrays.toString(processes.toArray()) + ")";
    }

    /** Values as the pool's API promises them: {@code null}, booleans, numbers, strings, lists and maps of them. */
    static final class JsonLike {
        private JsonLike() {
        }

        static Object of(Object value) {
            if (value == null || value instanceof Boolean || value instanceof Number || value instanceof String) {
                return value;
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), of(v)));
                return copy;
            }
            if (value instanceof List<?> list) {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(v -> copy.add(of(v)));
                return copy;
            }
            return String.valueOf(value);
        }
    }
}
