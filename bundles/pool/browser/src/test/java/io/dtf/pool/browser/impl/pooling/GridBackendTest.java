package io.dtf.pool.browser.impl.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.pool.LeaseRequest;
import io.dtf.api.pool.ResourceLease;
import io.dtf.pool.browser.impl.RealChromium;
import io.dtf.pool.browser.impl.process.TransactionLog;
import io.dtf.pool.browser.impl.settings.Backend;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grid backend against a real Selenium Grid 4.48.0, given by {@code -Ddtf.test.gridUrl=http://localhost:4444}
 * (skipped without it). Start one as docs/browser-pool.md says: {@code java -cp 'lib/*' org.openqa.selenium.grid.Main
 * standalone --port 4444 --selenium-manager false --detect-drivers false --driver-configuration ...}.
 */
class GridBackendTest {
    private static final String GRID_URL = "dtf.test.gridUrl";

    @Test
    void aGridsBrowserIsLeasedProbedAndItsSessionEndedWithThePool() throws Exception {
        String url = System.getProperty(GRID_URL, "");
        assumeTrue(!url.isBlank(), "no Selenium Grid given (-D" + GRID_URL + "=http://localhost:4444): the grid "
                + "backend's test is skipped");
        URI grid = URI.create(url);
        Path dir = Files.createTempDirectory("dtf-pool-grid");
        ProfileSettings profile = new ProfileSettings("chrome-grid", "chrome", Backend.GRID, null, null, grid,
                RealChromium.FLAGS, Map.of(), true, 0, 1, ProfileSettings.GRID_BLANK_PAGE);
        try (BrowserPool pool = new BrowserPool(RealChromium.settings(0, profile), dir, Clock.systemUTC(), slow -> {
        })) {
            try (ResourceLease lease = pool.lease(LeaseRequest.of(BrowserRequirements.ANY.withWebGpu(true), "grid"))) {
                BrowserCapabilities capabilities = lease.capabilities();
                System.out.println("Probed on the Grid: " + capabilities);
                assertEquals("grid", capabilities.backend());
                assertTrue(capabilities.webgpu().available(), capabilities.webgpu().toString());
                assertEquals(7L, lease.execute("return arguments[0] + arguments[1]", List.of(3, 4), Duration.ofSeconds(5)));
                assertEquals(grid, lease.webDriver().orElseThrow().url());
                assertEquals(1, sessions(grid), "one session on the Grid");
            }
        } finally {
            TransactionLog.deleteTree(dir);
        }
        assertEquals(0, sessions(grid), "the pool ended its Grid session when it closed");
    }

    /** The sessions the Grid has, from its status: each busy slot shows its session. */
    private static int sessions(URI grid) throws Exception {
        String status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(grid.resolve("/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return status.split("\"sessionId\"", -1).length - 1;
    }
}
