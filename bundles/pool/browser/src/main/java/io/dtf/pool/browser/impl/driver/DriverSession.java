package io.dtf.pool.browser.impl.driver;

import io.dtf.pool.browser.impl.process.TrackedProcess;
import io.dtf.pool.browser.impl.settings.Backend;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    private final String browserId;
    private final Backend backend;
    private final RemoteWebDriver driver;
    private final URI driverUrl;
    private final List<TrackedProcess> processes = new CopyOnWriteArrayList<>();
    private Duration scriptTimeout;
    private Duration pageLoadTimeout;
    private volatile String killedBecause;

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

    /** The browser's process id as the driver reports it ({@code goog:processID}), or {@code null}. */
    Object processId() {
        return driver.getCapabilities().getCapability("goog:processID");
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
     * fails. A Grid's browser cannot be killed from here: its session is deleted instead, as far as the Grid answers.
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
        List<Long> killed = new ArrayList<>();
        // the browser first (the driver would otherwise notice and start answering errors), then the driver
        for (int i = processes.size() - 1; i >= 0; i--) {
            killed.addAll(processes.get(i).killTree());
        }
        if (processes.isEmpty()) {
            quietQuit();
        }
        LOG.debug("Killed browser {} ({}): processes {}", browserId, because, killed);
        return killed;
    }

    /**
     * Ends the session politely (the browser flushes and exits), then kills whatever is left. For a healthy
     * browser; the caller watches it like any call.
     */
    public List<Long> quit() {
        if (killedBecause == null) {
            quietQuit();
        }
        return kill("discarded");
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
