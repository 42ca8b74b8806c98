package io.dtf.pool.browser.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.pool.browser.impl.settings.Backend;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import io.dtf.pool.browser.impl.settings.ProfileSettings;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration as DS gives it: defaults, a second profile inheriting the chrome profile's keys, bad values. */
class BrowserPoolComponentTest {

    @Test
    void theDefaultsOfferDebiansChromiumWithWebGpuFlags() {
        RealChromium.assumeInstalled();
        PoolSettings settings = PoolProperties.settings(PoolProperties.config(Map.of()), Map.of());

        ProfileSettings chrome = settings.profiles().get(0);
        assertEquals(List.of("chrome"), settings.profiles().stream().map(ProfileSettings::name).toList());
        assertEquals(Backend.LOCAL, chrome.backend());
        assertEquals(RealChromium.BINARY, chrome.binary());
        assertEquals(RealChromium.DRIVER, chrome.driver());
        assertEquals(0, chrome.min());
        assertEquals(2, chrome.max());
        assertEquals(List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--enable-unsafe-webgpu", "--enable-features=WebMachineLearningNeuralNetwork"), chrome.flags());
        assertEquals(50, settings.maxUses());
        assertEquals(32, settings.queueLimit());
    }

    @Test
    void anotherProfileTakesTheChromeProfilesKeysItDoesNotSet() {
        RealChromium.assumeInstalled();
        // as etc/io.dtf.pool.browser.cfg gives them: every value one string, lists in it
        Map<String, Object> properties = Map.of("profiles", "chrome, chrome-grid",
                "chrome-grid.backend", "grid", "chrome-grid.gridUrl", "http://grid.example.com:4444",
                "chrome-grid.max", "8", "chrome-grid.webnn", "false",
                "chrome-grid.flags", "--headless=new --enable-features=Vulkan,WebGPUService",
                "chrome.prefs", "download.prompt_for_download=false, intl.accept_languages=en");
        PoolSettings settings = PoolProperties.settings(PoolProperties.config(Map.of(
                "profiles", new String[] {(String) properties.get("profiles")},
                "chrome.prefs", new String[] {(String) properties.get("chrome.prefs")})), properties);

        ProfileSettings grid = settings.profiles().get(1);
        assertEquals(Backend.GRID, grid.backend());
        assertEquals(URI.create("http://grid.example.com:4444"), grid.gridUrl());
        assertEquals(URI.create("chrome://version/"), grid.blankPage(), "about:blank is no secure context");
        assertEquals(null, settings.profiles().get(0).blankPage(), "the pool's own file");
        assertEquals(8, grid.max());
        assertEquals(0, grid.min());
        assertEquals(Map.of("download.prompt_for_download", false, "intl.accept_languages", "en"), grid.prefs());
        assertEquals(List.of("--headless=new", "--enable-features=Vulkan,WebGPUService", "--enable-unsafe-webgpu"),
                grid.flags(), "its own flags, the WebGPU flags, no WebNN flags");
    }

    @Test
    void theLinesOfACfgFileGiveWhatDsGivesOutsideOsgi() {
        RealChromium.assumeInstalled();
        PoolSettings settings = PoolProperties.settings(Map.of("profiles", "chrome, chrome-grid", "chrome.max", " 4",
                "maxUses", "7", "chrome.webnn", "false", "chrome.flags", "--headless=new --no-sandbox",
                "chrome-grid.backend", "grid", "chrome-grid.gridUrl", "http://grid.example.com:4444"));

        assertEquals(List.of("chrome", "chrome-grid"), settings.profiles().stream().map(ProfileSettings::name).toList());
        ProfileSettings chrome = settings.profiles().get(0);
        assertEquals(4, chrome.max());
        assertEquals(0, chrome.min(), "the default");
        assertEquals(List.of("--headless=new", "--no-sandbox", "--enable-unsafe-webgpu"), chrome.flags());
        assertEquals(RealChromium.DRIVER, chrome.driver(), "the default");
        assertEquals(7, settings.maxUses());
        assertEquals(32, settings.queueLimit(), "the default");
        assertEquals(Backend.GRID, settings.profiles().get(1).backend());
        assertEquals("io.dtf.pool.browser: maxUses must be a whole number, not 'many'", assertThrows(
                IllegalArgumentException.class, () -> PoolProperties.settings(Map.of("maxUses", "many"))).getMessage());
    }

    @Test
    void badSettingsFailWithTheirNameAndTheProblem() {
        assertEquals("io.dtf.pool.browser: chrome.backend must be one of local, attach, grid, not 'selenium'",
                failure(Map.of("chrome.backend", "selenium"), Map.of()));
        assertEquals("io.dtf.pool.browser: chrome.driver: /opt/none/chromedriver does not exist or is not executable "
                        + "(Debian: apt-get install chromium-driver)",
                failure(Map.of("chrome.driver", "/opt/none/chromedriver", "chrome.binary", "/bin/sh"), Map.of()));
        assertEquals("io.dtf.pool.browser: chrome.flags: --user-data-dir=/tmp/x is set by the pool itself",
                failure(Map.of("chrome.flags", new String[] {"--user-data-dir=/tmp/x"}, "chrome.binary", "/bin/sh",
                        "chrome.driver", "/bin/sh"), Map.of()));
        assertEquals("io.dtf.pool.browser: web.max must be 1 or more, not 0",
                failure(Map.of("profiles", new String[] {"web"}, "chrome.binary", "/bin/sh", "chrome.driver", "/bin/sh"),
                        Map.of("web.max", 0)));
        assertEquals("io.dtf.pool.browser: chrome-grid.gridUrl must be the Grid's http(s) address "
                        + "(e.g. http://grid.example.com:4444), not 'grid:4444'",
                failure(Map.of("profiles", new String[] {"chrome-grid"}), Map.of("chrome-grid.backend", "grid",
                        "chrome-grid.gridUrl", "grid:4444")));
        assertEquals("io.dtf.pool.browser: profiles: 'Chrome' is not a profile name (lower-case letters, digits "
                + "and dashes, starting with a letter)", failure(Map.of("profiles", new String[] {"Chrome"}), Map.of()));
        assertEquals("io.dtf.pool.browser: queueLimit must be 0 or more, not -1",
                failure(Map.of("queueLimit", -1), Map.of()));
    }

    private static String failure(Map<String, Object> config, Map<String, Object> properties) {
        return assertThrows(IllegalArgumentException.class,
                () -> PoolProperties.settings(PoolProperties.config(config), properties)).getMessage();
    }

}
