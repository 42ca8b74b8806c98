package io.dtf.pool.browser.impl;

import io.dtf.pool.browser.impl.settings.PoolSettings;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The browser pool ({@code etc/io.dtf.pool.browser.cfg}). Browsers come in profiles: {@code chrome} is described here
 * attribute by attribute; another profile, named in {@code profiles}, takes the same keys with its own name in front
 * ({@code chrome-webnn.backend = attach}).
 */
@ObjectClassDefinition(name = "DTF browser pool",
        description = "Real headless browsers for browser tasks, driven through Selenium WebDriver: started locally, "
                + "attached by their debugging address or taken from a Selenium Grid; probed for WebGPU and WebNN, "
                + "pooled, watched and replaced (etc/io.dtf.pool.browser.cfg).")
@interface PoolConfig {

    @AttributeDefinition(name = "Profiles",
            description = "The kinds of browser the pool offers, by name. The chrome profile's settings are below; "
                    + "another profile takes the same keys behind its name (chrome-webnn.backend, chrome-webnn.binary, ...).")
    String[] profiles() default {"chrome"};

    @AttributeDefinition(name = "chrome: browser type", options = @Option(value = "chrome"),
            description = "What requirements call this browser (browser: chrome).")
    String chrome_type() default "chrome";

    @AttributeDefinition(name = "chrome: backend",
            options = {@Option(value = "local", label = "local: the pool starts the driver, the driver the browser"),
                    @Option(value = "attach", label = "attach: the pool starts the browser and attaches the driver to it"),
                    @Option(value = "grid", label = "grid: sessions from a Selenium Grid")},
            description = "local for browsers the driver can launch (Debian's chromium with chromium-driver); attach for "
                    + "builds it cannot launch (started with --remote-debugging-port, attached by debuggerAddress); grid "
                    + "for scale-out.")
    String chrome_backend() default "local";

    @AttributeDefinition(name = "chrome: browser binary",
            description = "The browser executable. For Debian's chromium, /usr/lib/chromium/chromium (not the "
                    + "/usr/bin/chromium wrapper, which adds flags). Ignored by the grid backend.")
    String chrome_binary() default "/usr/lib/chromium/chromium";

    @AttributeDefinition(name = "chrome: driver",
            description = "The chromedriver executable (Debian: apt-get install chromium-driver). The pool never "
                    + "downloads drivers. Ignored by the grid backend.")
    String chrome_driver() default "/usr/bin/chromedriver";

    @AttributeDefinition(name = "chrome: Grid URL", required = false,
            description = "The Selenium Grid's address for the grid backend, e.g. http://grid.example.com:4444.")
    String chrome_gridUrl() default "";

    @AttributeDefinition(name = "chrome: flags",
            description = "Command-line flags of every browser of the profile. A fresh --user-data-dir is added by "
                    + "the pool; --no-sandbox is needed when Karaf runs as root.")
    String[] chrome_flags() default {"--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"};

    @AttributeDefinition(name = "chrome: WebGPU",
            description = "Start the browsers with the WebGPU flags below (WebGPU is then probed, not assumed).")
    boolean chrome_webgpu() default true;

    @AttributeDefinition(name = "chrome: WebGPU flags",
            description = "Flags added when WebGPU is on. Debian's chromium gives a SwiftShader (CPU) adapter with "
                    + "--enable-unsafe-webgpu.")
    String[] chrome_webgpuFlags() default {"--enable-unsafe-webgpu"};

    @AttributeDefinition(name = "chrome: WebNN",
            description = "Start the browsers with the WebNN flags below. Debian's chromium has no WebNN backend; a "
                    + "build with one (the Chromium of @sparticuz/chromium) works with the attach backend.")
    boolean chrome_webnn() default true;

    @AttributeDefinition(name = "chrome: WebNN flags", description = "Flags added when WebNN is on.")
    String[] chrome_webnnFlags() default {"--enable-features=WebMachineLearningNeuralNetwork"};

    @AttributeDefinition(name = "chrome: preferences", required = false,
            description = "Browser preferences as name=value (true, false and numbers are typed), e.g. "
                    + "download.prompt_for_download=false.")
    String[] chrome_prefs() default {};

    @AttributeDefinition(name = "chrome: blank page", required = false,
            description = "The page a fresh or returned browser shows: a secure context, where WebGPU and WebNN are "
                    + "probed. Empty: the pool's own file (local, attach), chrome://version/ (grid, whose machines do "
                    + "not have the file; about:blank is no secure context).")
    String chrome_blankPage() default "";

    @AttributeDefinition(name = "chrome: minimum", min = "0",
            description = "Browsers kept started even when idle (warm). 0 by default: a warm browser costs 140-200 MB.")
    int chrome_min() default 0;

    @AttributeDefinition(name = "chrome: maximum", min = "1",
            description = "Browsers of this profile at most, leased or idle. On 2 cores more than 2-4 busy "
                    + "SwiftShader browsers add no throughput.")
    int chrome_max() default 2;

    @AttributeDefinition(name = "Uses per browser", min = "1",
            description = "A browser is discarded after this many leases, and a fresh one started when needed.")
    int maxUses() default 50;

    @AttributeDefinition(name = "Idle time-out (s)", min = "1",
            description = "An idle browser above its profile's minimum is discarded after this long.")
    int idleSeconds() default 120;

    @AttributeDefinition(name = "Wait queue", min = "0",
            description = "How many callers may wait for a browser when all are busy; one more is refused at once.")
    int queueLimit() default 32;

    @AttributeDefinition(name = "Health check on return",
            description = "When a browser is returned: check that it answers (and still gives its WebGPU adapter) and "
                    + "reset it to the blank page; an unhealthy browser is discarded.")
    boolean healthCheck() default true;

    @AttributeDefinition(name = "Start time-out (s)", min = "1",
            description = "How long starting a browser (driver, browser, session, probe) may take.")
    int startSeconds() default 60;

    @AttributeDefinition(name = "Command time-out (s)", min = "1",
            description = "The time limit of a browser command when the caller gives none.")
    int commandSeconds() default 60;

    @AttributeDefinition(name = "Watchdog grace (s)", min = "1",
            description = "A command still running this long after its time limit means the browser hangs (a page "
                    + "in a busy loop, where the script time-out never fires): the watchdog kills the browser by "
                    + "process id.")
    int graceSeconds() default 5;

    @AttributeDefinition(name = "Slow job (%)", min = "1",
            description = "A job more than this much slower than the trailing median of its key raises the event "
                    + "pool.slow-job.")
    int slowPercent() default 100;

    @AttributeDefinition(name = "History", min = "2",
            description = "Latencies kept per job key, profile and backend (the trailing median is of these).")
    int historySize() default 50;

    @AttributeDefinition(name = "Minimum history", min = "1",
            description = "Jobs of a key recorded before slow jobs are reported.")
    int historyMinimum() default 5;

    @AttributeDefinition(name = "Memory limit (MB)", min = "0",
            description = "The memory all browsers of the pool may use together (PSS of each browser's processes and "
                    + "its driver, read from /proc). A browser is started only when the browsers' memory now plus one "
                    + "more browser (the largest measured so far) stays within it; otherwise callers wait for a "
                    + "browser to be free, and are refused naming this limit when their wait ends. 0: no limit.")
    int maxMemoryMb() default 0;

    @AttributeDefinition(name = "Hang factor", min = "0",
            description = "A job's first try counts as hung after this many times the 95th percentile of its key's "
                    + "latest jobs (once historyMinimum are recorded in the profile and backend), at least "
                    + "hangFloorSeconds, when that comes before the try's own time limit: the watchdog kills the "
                    + "browser and the job is tried again with its full limit. A page that hangs is then found in "
                    + "seconds rather than after a third of its task's timeout. 0: a try gets its own limit only.")
    int hangFactor() default PoolSettings.HANG_FACTOR;

    @AttributeDefinition(name = "Hang floor (s)", min = "1",
            description = "The least time a first try gets from its key's history (see hangFactor).")
    int hangFloorSeconds() default PoolSettings.HANG_FLOOR_SECONDS;
}
