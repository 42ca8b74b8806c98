package io.dtf.pool.browser.impl.settings;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A profile of type {@code firefox}: geckodriver launches Firefox, on the local backend. Its binary, driver, flags and
 * preferences have defaults of their own, not the chrome profile's (whose keys the other settings fall back to).
 * WebGPU is a matter of preferences in Firefox, not of flags: {@code webgpuPrefs}. Firefox has no WebNN; the probe
 * says so.
 *
 * <p>Debian packages Firefox ESR ({@code apt-get install firefox-esr}) but no geckodriver: a profile whose geckodriver
 * is not found is refused, saying where it was looked for and how to install it. The pool never downloads drivers.
 */
final class FirefoxProfile {
    /** Debian's Firefox ESR, then a Firefox of the distribution or one installed by hand. */
    static final List<Path> BINARIES = List.of(Path.of("/usr/bin/firefox-esr"), Path.of("/usr/bin/firefox"));
    static final String DRIVER_NAME = "geckodriver";
    static final Path DRIVER = Path.of("/usr/bin/geckodriver");
    static final List<String> FLAGS = List.of("-headless");
    /**
     * WebGPU is behind {@code dom.webgpu.enabled} in Firefox's release and ESR builds on Linux, and a software or
     * unknown adapter is on its blocklist.
     */
    static final List<String> WEBGPU_PREFS = List.of("dom.webgpu.enabled=true", "gfx.webgpu.ignore-blocklist=true");

    private FirefoxProfile() {
    }

    static ProfileSettings parse(String name, ConfigReader config) {
        if (name.equals(ConfigReader.DEFAULT_PROFILE)) {
            throw new IllegalArgumentException(name + ".type: the chrome profile's defaults are Chromium's; give "
                    + "Firefox a profile of its own (profiles = chrome, firefox and firefox.type = firefox)");
        }
        // its own or local, not the chrome profile's: a Grid of Chromium says nothing of where Firefox runs
        Backend backend = config.profileSets(name, "backend")
                ? Backend.parse(name + ".backend", config.profileString(name, "backend")) : Backend.LOCAL;
        if (backend != Backend.LOCAL) {
            throw new IllegalArgumentException(name + ".backend: a firefox profile runs on the local backend "
                    + "(geckodriver launches Firefox), not " + backend.label() + ": set " + name + ".backend = local");
        }
        Path binary = config.profileSets(name, "binary")
                ? ProfileSettings.executable(name + ".binary", config.profileString(name, "binary"),
                " (Debian: apt-get install firefox-esr)")
                : BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new IllegalArgumentException(name + ".binary: no Firefox at " + join(BINARIES)
                        + " (Debian: apt-get install firefox-esr), and " + name + ".binary names none"));
        Path driver = config.profileSets(name, "driver")
                ? ProfileSettings.executable(name + ".driver", config.profileString(name, "driver"),
                installDriver(name))
                : driverOnPath(System.getenv("PATH")).orElseThrow(() ->
                new IllegalArgumentException(name + ".driver: " + DRIVER_NAME + " is not installed: not on the PATH ("
                        + System.getenv("PATH") + ") nor at " + DRIVER + installDriver(name)));
        List<String> flags = config.profileSets(name, "flags")
                ? config.profileStrings(name, "flags", ConfigReader.FLAGS) : FLAGS;
        for (String flag : flags) {
            if (!flag.startsWith("-")) {
                throw new IllegalArgumentException(name + ".flags: '" + flag + "' is not a flag (-name or --name)");
            }
            if (flag.matches("--?(profile|P)(=.*)?")) {
                throw new IllegalArgumentException(name + ".flags: " + flag + " is set by the pool itself");
            }
        }
        boolean webgpu = config.profileBoolean(name, "webgpu");
        Map<String, Object> prefs = new LinkedHashMap<>();
        if (webgpu) {
            prefs.putAll(ProfileSettings.prefs(name, config.profileSets(name, "webgpuPrefs")
                    ? config.profileStrings(name, "webgpuPrefs", ConfigReader.NAMES) : WEBGPU_PREFS));
        }
        if (config.profileSets(name, "prefs")) {
            prefs.putAll(ProfileSettings.prefs(name, config.profileStrings(name, "prefs", ConfigReader.NAMES)));
        }
        ProfileSettings.Size size = ProfileSettings.Size.of(name, config);
        URI blankPage = config.profileSets(name, "blankPage")
                ? ProfileSettings.page(name + ".blankPage", config.profileString(name, "blankPage")) : null;
        return new ProfileSettings(name, ProfileSettings.FIREFOX, backend, binary, driver, null, new ArrayList<>(flags),
                prefs, webgpu, size.min(), size.max(), blankPage);
    }

    /** geckodriver on {@code path} (the PATH's folders), else at {@link #DRIVER}. */
    static Optional<Path> driverOnPath(String path) {
        Stream<Path> onPath = path == null ? Stream.empty() : Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, DRIVER_NAME));
        return Stream.concat(onPath, Stream.of(DRIVER)).filter(Files::isExecutable).findFirst();
    }

    private static String installDriver(String name) {
        return ". Debian packages no geckodriver: put Mozilla's release "
                + "(https://github.com/mozilla/geckodriver/releases, one executable) into /usr/local/bin, or name it in "
                + name + ".driver; the pool never downloads drivers";
    }

    private static String join(List<Path> paths) {
        return String.join(" or ", paths.stream().map(Path::toString).toList());
    }
}
