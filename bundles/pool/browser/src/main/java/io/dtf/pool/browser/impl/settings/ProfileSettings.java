package io.dtf.pool.browser.impl.settings;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kind of browser the pool offers.
 *
 * @param name the profile's name ({@code chrome})
 * @param type the browser type requirements name ({@code chrome}, {@code firefox})
 * @param flags the browser's flags, those of its capabilities included
 * @param prefs browser preferences
 * @param webgpu whether the WebGPU flags are on (the adapter is probed all the same)
 * @param gridUrl the Grid's address for {@link Backend#GRID}, else {@code null}
 * @param blankPage the page a fresh or returned browser shows, or {@code null} for the pool's own file
 */
public record ProfileSettings(String name, String type, Backend backend, Path binary, Path driver, URI gridUrl,
                              List<String> flags, Map<String, Object> prefs, boolean webgpu, int min, int max,
                              URI blankPage) {
    /**
     * The blank page of a Grid's browsers: the pool's file is not on the Grid's machines, and {@code about:blank} is
     * no secure context (no WebGPU there); Chromium's version page is one, in every build.
     */
    public static final URI GRID_BLANK_PAGE = URI.create("chrome://version/");
    /** Chromium and the browsers built on it, driven by chromedriver. */
    public static final String CHROME = "chrome";
    /** Firefox, driven by geckodriver where it is installed ({@link FirefoxProfile}). */
    public static final String FIREFOX = "firefox";
    /** The browser types the pool can drive. */
    public static final Set<String> TYPES = Set.of(CHROME, FIREFOX);
    private static final String[] KEYS = {"type", "backend", "binary", "driver", "gridUrl", "flags", "webgpu",
            "webgpuFlags", "webgpuPrefs", "webnn", "webnnFlags", "prefs", "min", "max", "blankPage"};

    public ProfileSettings {
        flags = List.copyOf(flags);
        prefs = Map.copyOf(prefs);
    }

    /** The keys a profile takes behind its name ({@code chrome.backend}). */
    public static List<String> keys() {
        return List.of(KEYS);
    }

    /**
     * The profile {@code name} as {@code config} describes it under {@code <name>.<key>}; a key it does not set is
     * the {@code chrome} profile's.
     */
    static ProfileSettings parse(String name, ConfigReader config) {
        String type = config.profileString(name, "type");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException(name + ".type must be " + CHROME + " or " + FIREFOX + ", not '" + type
                    + "'");
        }
        if (type.equals(FIREFOX)) {
            return FirefoxProfile.parse(name, config);
        }
        Backend backend = Backend.parse(name + ".backend", config.profileString(name, "backend"));
        Path binary = null;
        Path driver = null;
        URI grid = null;
        if (backend == Backend.GRID) {
            grid = gridUrl(name, config.profileString(name, "gridUrl"));
        } else {
            binary = executable(name + ".binary", config.profileString(name, "binary"), "");
            driver = executable(name + ".driver", config.profileString(name, "driver"),
                    " (Debian: apt-get install chromium-driver)");
        }
        List<String> flags = new ArrayList<>(config.profileStrings(name, "flags", ConfigReader.FLAGS));
        boolean webgpu = config.profileBoolean(name, "webgpu");
        if (webgpu) {
            flags.addAll(config.profileStrings(name, "webgpuFlags", ConfigReader.FLAGS));
        }
        if (config.profileBoolean(name, "webnn")) {
            flags.addAll(config.profileStrings(name, "webnnFlags", ConfigReader.FLAGS));
        }
        for (String flag : flags) {
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException(name + ".flags: '" + flag + "' is not a flag (--name or --name=value)");
            }
            if (flag.startsWith("--user-data-dir") || flag.startsWith("--remote-debugging-port")) {
                throw new IllegalArgumentException(name + ".flags: " + flag + " is set by the pool itself");
            }
        }
        Size size = Size.of(name, config);
        String page = config.profileString(name, "blankPage");
        URI blankPage = page.isEmpty() ? (backend == Backend.GRID ? GRID_BLANK_PAGE : null)
                : page(name + ".blankPage", page);
        return new ProfileSettings(name, type, backend, binary, driver, grid, flags,
                prefs(name, config.profileStrings(name, "prefs", ConfigReader.NAMES)), webgpu, size.min(), size.max(),
                blankPage);
    }

    /** A profile's {@code min} and {@code max}. */
    record Size(int min, int max) {
        static Size of(String name, ConfigReader config) {
            int min = config.profileInt(name, "min", 0);
            int max = config.profileInt(name, "max", 1);
            if (min > max) {
                throw new IllegalArgumentException(name + ".min (" + min + ") must not be more than " + name + ".max ("
                        + max + ")");
            }
            return new Size(min, max);
        }
    }

    /**
     * The executable {@code value} names.
     *
     * @param install how to install it, said when it is missing
     */
    static Path executable(String key, String value, String install) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(key + " is required: the path of the executable");
        }
        Path path = Path.of(value.strip());
        if (!Files.isExecutable(path)) {
            throw new IllegalArgumentException(key + ": " + path + " does not exist or is not executable" + install);
        }
        return path;
    }

    private static URI gridUrl(String name, String value) {
        try {
            URI uri = URI.create(value.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(name + ".gridUrl must be the Grid's http(s) address "
                    + "(e.g. http://grid.example.com:4444), not '" + value + "'", bad);
        }
    }

    static URI page(String key, String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null) {
                throw new IllegalArgumentException("no scheme");
            }
            return uri;
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(key + " must be a page's URL (a secure context: https, "
                    + "http://localhost, file or chrome://version/), not '" + value + "'", bad);
        }
    }

    static Map<String, Object> prefs(String name, List<String> entries) {
        Map<String, Object> prefs = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(name + ".prefs: '" + entry + "' is not name=value");
            }
            String value = entry.substring(eq + 1).strip();
            prefs.put(entry.substring(0, eq).strip(), typed(value));
        }
        return prefs;
    }

    private static Object typed(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException notInteger) {
            return value;
        }
    }
}
