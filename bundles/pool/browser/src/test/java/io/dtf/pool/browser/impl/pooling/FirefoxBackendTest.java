package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.PoolProperties;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.process.TransactionLog;
import io.dtf.pool.browser.impl.settings.Backend;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Profiles of type {@code firefox}: geckodriver launches Firefox on the local backend. Debian has Firefox ESR
 * ({@code apt-get install firefox-esr}) but no geckodriver: without it the profile is refused at configuration, naming
 * geckodriver and how to install it. The test with a real Firefox runs only where geckodriver is installed.
 */
class FirefoxBackendTest {
    private static final Path FIREFOX_ESR = Path.of("/usr/bin/firefox-esr");
    private static final Duration SHORT = Duration.ofSeconds(10);

    @Test
    void aFirefoxProfileWithoutGeckodriverIsRefusedNamingIt() {
        assumeTrue(geckodriver().isEmpty(), "geckodriver is installed here (" + geckodriver().orElse(null)
                + "): a firefox profile is not refused");
        String refusal = assertThrows(IllegalArgumentException.class, () -> PoolProperties.settings(
                Map.of("profiles", "firefox", "firefox.type", "firefox", "firefox.binary", "/bin/sh"))).getMessage();
        assertTrue(refusal.startsWith("io.dtf.pool.browser: firefox.driver: geckodriver is not installed: not on the "
                + "PATH (" + System.getenv("PATH") + ") nor at /usr/bin/geckodriver. Debian packages no geckodriver: "
                + "put Mozilla's release (https://github.com/mozilla/geckodriver/releases, one executable) into "
                + "/usr/local/bin, or name it in firefox.driver"), refusal);
    }

    @Test
    void aFirefoxProfileWithFirefoxEsrInstalledButNoGeckodriverIsRefusedNamingGeckodriver() {
        assumeTrue(Files.isExecutable(FIREFOX_ESR), "Firefox ESR is not installed (Debian: apt-get install "
                + "firefox-esr): the refusal of a profile whose only missing part is geckodriver is not checked");
        assumeTrue(geckodriver().isEmpty(), "geckodriver is installed here: the firefox profile is not refused");
        String refusal = assertThrows(IllegalArgumentException.class, () -> PoolProperties.settings(
                Map.of("profiles", "chrome, firefox", "firefox.type", "firefox"))).getMessage();
        assertTrue(refusal.startsWith("io.dtf.pool.browser: firefox.driver: geckodriver is not installed"), refusal);
    }

    @Test
    void badFirefoxSettingsAreRefusedNamingTheSettingAndTheInstall() {
        assertEquals("io.dtf.pool.browser: firefox.driver: /opt/none/geckodriver does not exist or is not executable. "
                        + "Debian packages no geckodriver: put Mozilla's release "
                        + "(https://github.com/mozilla/geckodriver/releases, one executable) into /usr/local/bin, or "
                        + "name it in firefox.driver; the pool never downloads drivers",
                refusal(Map.of("firefox.binary", "/bin/sh", "firefox.driver", "/opt/none/geckodriver")));
        assertEquals("io.dtf.pool.browser: firefox.binary: /opt/none/firefox does not exist or is not executable "
                + "(Debian: apt-get install firefox-esr)", refusal(Map.of("firefox.binary", "/opt/none/firefox")));
        assertEquals("io.dtf.pool.browser: firefox.backend: a firefox profile runs on the local backend (geckodriver "
                + "launches Firefox), not grid: set firefox.backend = local", refusal(Map.of("firefox.backend", "grid",
                "firefox.gridUrl", "http://grid:4444")));
        assertEquals("io.dtf.pool.browser: firefox.flags: -profile is set by the pool itself",
                refusal(Map.of("firefox.binary", "/bin/sh", "firefox.driver", "/bin/sh", "firefox.flags",
                        "-headless -profile /tmp/p")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PoolProperties.settings(Map.of("chrome.type",
                "firefox"))).getMessage().startsWith("io.dtf.pool.browser: chrome.type: the chrome profile's defaults "
                + "are Chromium's; give Firefox a profile of its own"));
    }

    @Test
    void aFirefoxProfileHasFirefoxsDefaultsAndWebGpuPreferences() {
        ProfileSettings firefox = PoolProperties.settings(Map.of("profiles", "chrome, firefox", "firefox.type",
                "firefox", "firefox.binary", "/bin/sh", "firefox.driver", "/bin/sh", "firefox.prefs",
                "browser.tabs.remote.autostart=true")).profiles().get(1);
        assertEquals("firefox", firefox.type());
        assertEquals(List.of("-headless"), firefox.flags(), "Firefox's flags, not chrome's");
        assertEquals(Map.of("dom.webgpu.enabled", true, "gfx.webgpu.ignore-blocklist", true,
                "browser.tabs.remote.autostart", true), firefox.prefs());
        ProfileSettings noWebGpu = PoolProperties.settings(Map.of("profiles", "firefox", "firefox.type", "firefox",
                "firefox.binary", "/bin/sh", "firefox.driver", "/bin/sh", "firefox.webgpu", "false"))
                .profiles().get(0);
        assertEquals(Map.of(), noWebGpu.prefs());
        ProfileSettings besideAGrid = PoolProperties.settings(Map.of("profiles", "chrome, firefox", "chrome.backend",
                "grid", "chrome.gridUrl", "http://127.0.0.1:4444", "chrome.prefs", "download.prompt_for_download=false",
                "firefox.type", "firefox", "firefox.binary", "/bin/sh", "firefox.driver", "/bin/sh")).profiles().get(1);
        assertEquals(Backend.LOCAL, besideAGrid.backend(), "the chrome profile's Grid is not Firefox's backend");
        assertEquals(Map.of("dom.webgpu.enabled", true, "gfx.webgpu.ignore-blocklist", true), besideAGrid.prefs(),
                "Chromium's preferences are not Firefox's");
    }

    /**
     * A real Firefox, where geckodriver is installed: leased, probed with the same JavaScript as Chromium, running a
     * script; its geckodriver and Firefox are tracked and end with the pool.
     */
    @Test
    void aFirefoxBrowserIsLeasedProbedAndEndsWithThePool() throws Exception {
        Optional<Path> driver = geckodriver();
        assumeTrue(driver.isPresent(), "geckodriver is not installed (not on the PATH nor at /usr/bin/geckodriver; "
                + "Debian packages none, and it cannot be downloaded here): the test with a real Firefox is skipped");
        assumeTrue(Files.isExecutable(FIREFOX_ESR) || Files.isExecutable(Path.of("/usr/bin/firefox")),
                "Firefox is not installed (Debian: apt-get install firefox-esr): the test with a real Firefox is skipped");
        PoolSettings settings = PoolProperties.settings(Map.of("profiles", "firefox", "firefox.type", "firefox",
                "startSeconds", "60", "commandSeconds", "20", "graceSeconds", "2"));
        Path dir = Files.createTempDirectory("dtf-pool-firefox");
        Set<Long> pids;
        try (BrowserPool pool = new BrowserPool(settings, dir, Clock.systemUTC(), slow -> {
        })) {
            try (ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY.withBrowser("firefox"),
                    "firefox"))) {
                BrowserCapabilities capabilities = lease.capabilities();
                System.out.println("Probed Firefox: " + capabilities);
                assertEquals("firefox", capabilities.browserType());
                assertEquals("firefox", capabilities.browserName());
                assertTrue(capabilities.version().matches("\\d+\\..*"), capabilities.version());
                assertTrue(capabilities.webnn().devices().isEmpty(), "Firefox has no WebNN");
                assertEquals(42L, lease.execute("return 6 * 7", List.of(), SHORT));
                PoolStatus.Browser browser = pool.status().browsers().get(0);
                assertEquals(2, browser.pids().size(), "geckodriver and Firefox are tracked: " + browser.pids());
                pids = Set.copyOf(browser.pids());
            }
        }
        assertTrue(RealChromium.await(() -> RealChromium.running(pids, dir.toString()).isEmpty(), SHORT),
                "no geckodriver or Firefox outlives the pool: " + RealChromium.running(pids, dir.toString()));
        TransactionLog.deleteTree(dir);
    }

    private static String refusal(Map<String, String> firefox) {
        Map<String, String> properties = new HashMap<>(firefox);
        properties.put("profiles", "firefox");
        properties.put("firefox.type", "firefox");
        return assertThrows(IllegalArgumentException.class, () -> PoolProperties.settings(properties)).getMessage();
    }

    /** geckodriver as the pool looks for it: on the PATH, else /usr/bin/geckodriver. */
    private static Optional<Path> geckodriver() {
        String path = System.getenv("PATH");
        return Stream.concat(path == null ? Stream.empty() : Stream.of(path.split(File.pathSeparator))
                        .map(folder -> Path.of(folder, "geckodriver")), Stream.of(Path.of("/usr/bin/geckodriver")))
                .filter(Files::isExecutable).findFirst();
    }
}
