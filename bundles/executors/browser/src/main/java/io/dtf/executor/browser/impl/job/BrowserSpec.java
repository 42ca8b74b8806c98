package io.dtf.executor.browser.impl.job;

import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.task.Requirements;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code browser} task's spec, as the plan reader made it (the keys and forms below; docs/plan-format.md has the
 * plan keys they come from).
 *
 * @param browser the browser type ({@code chrome}, {@code firefox}), or {@code null} for any
 * @param script the script inline, or {@code null}
 * @param scriptFile the script's file, relative to the task's {@code workdir} (or, without one, to the worker's own
 *     folder), or {@code null}
 * @param page the page the script runs in, or {@code null} for the pool's blank page
 * @param input what the script gets as {@code dtf.input}
 * @param shards how many parts the job runs as, each in a browser of its own
 * @param hasWorkdir whether the task set a {@code workdir}
 */
public record BrowserSpec(String browser, String script, String scriptFile, URI page, Object input, int shards,
                          boolean hardwareWebGpu, List<String> webgpuFeatures, boolean webgpu,
                          List<String> webnnDevices, boolean webnn, boolean hasWorkdir) {
    public static final String BROWSER = "browser";
    public static final String SCRIPT = "script";
    public static final String SCRIPT_FILE = "scriptFile";
    public static final String PAGE = "page";
    public static final String INPUT = "input";
    public static final String SHARDS = "shards";
    public static final String WORKDIR = "workdir";
    /** {@code {hardware: boolean, features: [..]}}, present when WebGPU is required. */
    public static final String WEBGPU = "webgpu";
    /** {@code {devices: [..]}} (empty: any device), present when WebNN is required. */
    public static final String WEBNN = "webnn";
    public static final String HARDWARE = "hardware";
    public static final String FEATURES = "features";
    public static final String DEVICES = "devices";
    /** What {@code browser: chromium} means to the pool and to workers: a Chromium-based browser. */
    public static final String CHROME = "chrome";

    public BrowserSpec {
        webgpuFeatures = List.copyOf(webgpuFeatures);
        webnnDevices = List.copyOf(webnnDevices);
    }

    /**
     * The spec of a task.
     *
     * @throws IllegalArgumentException when it was not made by the plan reader of this type (a plan submitted to a
     *     coordinator without this bundle, whose keys were passed as written)
     */
    public static BrowserSpec of(Map<String, Object> spec) {
        String script = text(spec, SCRIPT);
        String file = text(spec, SCRIPT_FILE);
        String page = text(spec, PAGE);
        if (script == null && file == null && page == null) {
            throw new IllegalArgumentException("the task has neither 'script' nor 'page'");
        }
        Object shards = spec.getOrDefault(SHARDS, 1);
        if (!(shards instanceof Number n) || n.intValue() < 1) {
            throw new IllegalArgumentException("'shards' must be a number of 1 or more, not " + shards);
        }
        Map<?, ?> gpu = spec.get(WEBGPU) instanceof Map<?, ?> m ? m : null;
        Map<?, ?> nn = spec.get(WEBNN) instanceof Map<?, ?> m ? m : null;
        return new BrowserSpec(browserType(text(spec, BROWSER)), script, file, page == null ? null : URI.create(page),
                spec.get(INPUT), n.intValue(), gpu != null && Boolean.TRUE.equals(gpu.get(HARDWARE)),
                strings(gpu == null ? null : gpu.get(FEATURES)), gpu != null,
                strings(nn == null ? null : nn.get(DEVICES)), nn != null, text(spec, WORKDIR) != null);
    }

    /** {@code chrome} for {@code chromium}; {@code null} for {@code any}. */
    public static String browserType(String browser) {
        if (browser == null || browser.isBlank() || browser.equalsIgnoreCase("any")) {
            return null;
        }
        String type = browser.strip().toLowerCase(java.util.Locale.ROOT);
        return type.equals("chromium") ? CHROME : type;
    }

    /**
     * What the task asks of a browser: this spec's keys, and what its {@code requirements} ask ({@code browser},
     * {@code webgpu}, {@code webnn}), both. A hardware adapter, a feature or a device type is asked for alone (it
     * implies WebGPU or WebNN), so that what is missing is named once.
     */
    public BrowserRequirements requirements(Requirements task) {
        String type = browser != null ? browser : browserType(task.browser());
        boolean anyWebGpu = (webgpu || Boolean.TRUE.equals(task.webgpu())) && !hardwareWebGpu
                && webgpuFeatures.isEmpty();
        boolean anyWebNn = (webnn || Boolean.TRUE.equals(task.webnn())) && webnnDevices.isEmpty();
        return new BrowserRequirements(type, anyWebGpu ? Boolean.TRUE : null, hardwareWebGpu ? Boolean.TRUE : null,
                Set.copyOf(webgpuFeatures), anyWebNn ? Boolean.TRUE : null, Set.copyOf(webnnDevices));
    }

    private static String text(Map<String, Object> spec, String key) {
        return spec.get(key) instanceof String s && !s.isBlank() ? s : null;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }
}
