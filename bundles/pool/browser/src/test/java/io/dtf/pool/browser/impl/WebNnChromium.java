package io.dtf.pool.browser.impl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The WebNN-capable Chromium (of the npm package @sparticuz/chromium) that {@code .ci/install-webnn-chromium}
 * installs, and the pool's settings for it as {@code etc/io.dtf.pool.browser.cfg} gives them: Debian's Chromium as
 * {@code chrome}, that one as {@code chrome-webnn} on the attach backend. Tests skip, saying why, where it is not
 * installed.
 */
public final class WebNnChromium {
    /** The profile of the WebNN-capable Chromium. */
    public static final String PROFILE = "chrome-webnn";
    /** Where the binary is when it is elsewhere (DTF_WEBNN_CHROMIUM_DIR of the install script). */
    public static final String PROPERTY = "dtf.test.webnnChromium";

    private WebNnChromium() {
    }

    /** The binary: {@value #PROPERTY}, else where the install script puts it as root, else without root. */
    public static Optional<Path> binary() {
        String configured = System.getProperty(PROPERTY, "");
        Stream<Path> candidates = configured.isBlank()
                ? Stream.of(Path.of("/opt/dtf/webnn-chromium/chromium"),
                        Path.of(System.getProperty("user.home"), ".cache/dtf/webnn-chromium/chromium"))
                : Stream.of(Path.of(configured));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    /** Skips the calling test unless the WebNN-capable Chromium and Debian's Chromium and chromedriver are installed. */
    public static Path assumeInstalled() {
        RealChromium.assumeInstalled();
        Optional<Path> binary = binary();
        assumeTrue(binary.isPresent(), "The WebNN-capable Chromium is not installed (.ci/install-webnn-chromium puts "
                + "it into /opt/dtf/webnn-chromium or ~/.cache/dtf/webnn-chromium; -D" + PROPERTY + "=<binary> "
                + "names another place): the WebNN tests of the browser pool are skipped");
        return binary.orElseThrow();
    }

    /**
     * The {@code .cfg} properties of a pool of Debian's Chromium ({@code chrome}, at most {@code chromeMax}) and the
     * WebNN-capable one ({@code chrome-webnn}, at most 1), every other key at its default.
     */
    public static Map<String, String> properties(Path binary, int chromeMax) {
        return Map.of("profiles", "chrome, " + PROFILE,
                "chrome.max", Integer.toString(chromeMax),
                PROFILE + ".backend", "attach",
                PROFILE + ".binary", binary.toString(),
                PROFILE + ".max", "1");
    }
}
