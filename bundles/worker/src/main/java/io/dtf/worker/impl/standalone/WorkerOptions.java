package io.dtf.worker.impl.standalone;

import io.dtf.api.Durations;
import io.dtf.worker.impl.agent.prefetch.Prefetch;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of the standalone worker.
 *
 * @param coordinator the coordinator's base URL
 * @param token the worker token, or {@code null}
 * @param slots tasks at once
 * @param prefetch short tasks held per slot, waiting to start after the running one
 * @param labels labels given to the worker
 * @param name the worker's name; with the host name it makes the worker id
 * @param workDir where attempts get their folders ({@code work/}) and logs ({@code logs/}), and their processes
 *     are recorded ({@code processes/})
 * @param pollWait how long one long poll waits
 * @param drainTimeout how long a SIGTERM waits for running tasks before stopping them
 * @param browserPool the browser pool's settings ({@code .cfg}), for browser tasks; {@code null}: no browser tasks
 * @param help whether only the usage was asked for
 * @param version whether only the version was asked for
 */
record WorkerOptions(URI coordinator, String token, int slots, int prefetch, List<String> labels, String name, Path workDir,
                     Duration pollWait, Duration drainTimeout, Path browserPool, boolean help, boolean version) {

    /** The usage, with this machine's default work folder. */
    static String usage(Path defaultWorkDir) {
        return """
            usage: java -jar dtf-worker.jar --coordinator URL [--token TOKEN] [options]

            Takes tasks from a DTF coordinator and runs them on this machine.

              --coordinator URL     the coordinator, e.g. http://dtf.example.org:8181 (default: $DTF_URL)
              --token TOKEN         a token with the worker role (default: $DTF_TOKEN; prefer the variable
                                    or --token-file: options are visible to every user in ps)
              --token-file FILE     read the token from FILE
              --slots N             tasks run at once (default: the number of CPUs)
              --prefetch N          short tasks held per slot, waiting to start right after the running
                                    one (0 to 8, default: 8). Only while tasks take under 50 ms on
                                    average: longer ones wait at the coordinator for the first free slot
              --label L             a label tasks can require; repeat it, or separate labels by commas
              --name N              the worker's name (default: worker); workers on one host need distinct names
              --work-dir DIR        attempts' folders, logs and the records of running processes
                                    (default: the user's data folder, here %s)
              --poll-wait DURATION  how long one poll waits for work (default: 20s)
              --drain-timeout DURATION
                                    on SIGTERM, how long to wait for running tasks before stopping them
                                    (default: as long as they take)
              --browser-pool FILE   run browser tasks, in a pool of headless browsers set up by FILE: the
                                    browser pool's settings (etc/io.dtf.pool.browser.cfg of DTF's Karaf; an
                                    empty file gives Debian's Chromium: apt-get install chromium chromium-driver)
              --help, --version

            SIGTERM (or Ctrl-C) drains the worker: it takes no new task, finishes the running ones,
            unregisters and exits. Durations: 500ms, 20s, 5m, 2h or ISO-8601 (PT20S).
            """.formatted(defaultWorkDir);
    }

    /** The name of the worker's own folder inside the user's data folder. */
    private static final String FOLDER = "dtf-worker";

    /** Short tasks held per slot unless {@code --prefetch} says otherwise: the most there may be. */
    static final int DEFAULT_PREFETCH = Prefetch.MAX_PER_SLOT;

    /** Parses the command line; {@code env} gives {@code DTF_URL} and {@code DTF_TOKEN}. */
    static WorkerOptions parse(String[] argv, Map<String, String> env) throws UsageException {
        String url = env.get("DTF_URL");
        String token = env.get("DTF_TOKEN");
        String tokenFile = null;
        Integer slots = null;
        int prefetch = DEFAULT_PREFETCH;
        List<String> labels = new ArrayList<>();
        String name = "worker";
        String workDir = null;
        Duration pollWait = Duration.ofSeconds(20);
        Duration drainTimeout = Duration.ofDays(3650);
        Path browserPool = null;
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            String option = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                option = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (option) {
                case "--help", "-h" -> {
                    return new WorkerOptions(null, null, 1, 0, List.of(), name, null, pollWait, drainTimeout, null, true,
                            false);
                }
                case "--version" -> {
                    return new WorkerOptions(null, null, 1, 0, List.of(), name, null, pollWait, drainTimeout, null, false,
                            true);
                }
                default -> {
                    // an option with a value
                }
            }
            String value = inline;
            if (value == null) {
                if (!option.startsWith("-")) {
                    throw new UsageException("unexpected argument " + arg);
                }
                if (i + 1 >= argv.length) {
                    throw new UsageException("option " + option + " needs a value");
                }
                value = argv[++i];
            }
            switch (option) {
                case "--coordinator", "--url" -> url = value;
                case "--token" -> token = value;
                case "--token-file" -> tokenFile = value;
                case "--slots" -> slots = number(option, value, 1, 1024);
                case "--prefetch" -> prefetch = number(option, value, 0, Prefetch.MAX_PER_SLOT);
                case "--label" -> {
                    for (String l : value.split(",")) {
                        if (!l.isBlank()) {
                            labels.add(l.strip());
                        }
                    }
                }
                case "--name" -> {
                    if (!value.matches("[A-Za-z0-9._-]{1,64}")) {
                        throw new UsageException("--name may have letters, digits, '.', '_' and '-': " + value);
                    }
                    name = value;
                }
                case "--work-dir" -> workDir = value;
                case "--poll-wait" -> pollWait = duration(option, value, Duration.ofMillis(100), Duration.ofMinutes(5));
                case "--drain-timeout" -> drainTimeout = duration(option, value, Duration.ZERO, Duration.ofDays(3650));
                case "--browser-pool" -> browserPool = readableFile(option, value);
                default -> throw new UsageException("unknown option " + option);
            }
        }
        if (url == null || url.isBlank()) {
            throw new UsageException("no coordinator: give --coordinator URL or set DTF_URL");
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException("not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw new UsageException("not an http(s) URL of the coordinator: " + url);
        }
        if (tokenFile != null) {
            try {
                token = Files.readString(Path.of(tokenFile)).strip();
            } catch (java.io.IOException e) {
                throw new UsageException("cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        }
        return new WorkerOptions(uri, token == null || token.isBlank() ? null : token.strip(),
                slots == null ? Runtime.getRuntime().availableProcessors() : slots, prefetch, List.copyOf(labels), name,
                workDir == null ? defaultWorkDir(env) : Path.of(workDir).toAbsolutePath().normalize(), pollWait,
                drainTimeout, browserPool, false, false);
    }

    /** The per-user data folder of the worker on this machine, for this environment. */
    static Path defaultWorkDir(Map<String, String> env) {
        return defaultWorkDir(env, System.getProperty("os.name"), Path.of(System.getProperty("user.home")));
    }

    /**
     * The per-user data folder of the worker, wherever it was started: {@code $XDG_DATA_HOME/dtf-worker} or
     * {@code ~/.local/share/dtf-worker} (the XDG base directories, on Linux and other Unix systems), {@code
     * ~/Library/Application Support/dtf-worker} on macOS, {@code %LOCALAPPDATA%\dtf-worker} on Windows.
     *
     * @param env the environment ({@code XDG_DATA_HOME}, {@code LOCALAPPDATA})
     * @param osName the {@code os.name} system property
     * @param home the user's home folder
     */
    static Path defaultWorkDir(Map<String, String> env, String osName, Path home) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return (absolute(local) ? Path.of(local) : home.resolve("AppData").resolve("Local")).resolve(FOLDER);
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve(FOLDER);
        }
        // the XDG spec: a relative path in the variable is invalid and ignored
        String data = env.get("XDG_DATA_HOME");
        return (absolute(data) ? Path.of(data) : home.resolve(".local").resolve("share")).resolve(FOLDER);
    }

    private static boolean absolute(String path) {
        try {
            return path != null && !path.isBlank() && Path.of(path).isAbsolute();
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static int number(String option, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(option + " must be a whole number from " + min + " to " + max + ": " + value);
    }

    private static Path readableFile(String option, String value) throws UsageException {
        Path file = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException(option + ": " + file + " is not a file this worker can read");
        }
        return file;
    }

    private static Duration duration(String option, String value, Duration min, Duration max) throws UsageException {
        Duration d;
        try {
            d = Durations.parse(value);
        } catch (IllegalArgumentException notADuration) {
            throw new UsageException(option + " is not a duration (e.g. 20s, 500ms, PT1M): " + value);
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new UsageException(option + " must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + ": " + value);
        }
        return d;
    }

    /** The command line is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
