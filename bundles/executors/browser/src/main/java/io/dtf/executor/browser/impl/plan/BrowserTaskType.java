package io.dtf.executor.browser.impl.plan;

import io.dtf.api.task.Requirements;
import io.dtf.executor.browser.impl.job.BrowserSpec;
import io.dtf.plan.PlanValue;
import io.dtf.plan.PlannedTask;
import io.dtf.plan.TaskExpansion;
import io.dtf.plan.TaskTypeDefinition;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * The plan keys of {@code browser} tasks (docs/plan-format.md), checked and normalized into the spec that
 * {@link BrowserSpec} reads. What a task asks of a browser ({@code browser}, {@code webgpu}, {@code webnn}) also goes
 * into its requirements, so that it is given only to workers whose pool has it.
 */
@Component(service = TaskTypeDefinition.class, property = TaskTypeDefinition.PROPERTY + "=browser")
public final class BrowserTaskType implements TaskTypeDefinition {
    static final List<String> KEYS = List.of(BrowserSpec.BROWSER, BrowserSpec.SCRIPT, BrowserSpec.PAGE,
            BrowserSpec.INPUT, BrowserSpec.SHARDS, BrowserSpec.WEBGPU, BrowserSpec.WEBNN, BrowserSpec.WORKDIR);
    static final List<String> BROWSERS = List.of("chrome", "chromium", "firefox", "any");
    static final List<String> WEBNN_DEVICES = List.of("cpu", "gpu", "npu");
    /** The most parts one job may be split into. */
    static final int MAX_SHARDS = 64;
    /** The longest inline script. */
    static final int MAX_SCRIPT = 64 * 1024;
    private static final Pattern SCRIPT_FILE = Pattern.compile("[^\\r\\n]+\\.m?js");
    private static final Pattern FEATURE = Pattern.compile("[a-z0-9][a-z0-9-]*");

    @Override
    public List<String> keys() {
        return KEYS;
    }

    @Override
    public void checkTask(PlanValue task) {
        if (!task.has(BrowserSpec.SCRIPT) && !task.has(BrowserSpec.PAGE)) {
            task.problemAt(BrowserSpec.SCRIPT, "required, or 'page' (a browser task runs a script, or a page's "
                    + "dtfRun function)");
        }
    }

    @Override
    public Object read(String key, PlanValue value) {
        return switch (key) {
            case BrowserSpec.BROWSER -> browser(value);
            case BrowserSpec.SCRIPT -> script(value);
            case BrowserSpec.PAGE -> page(value);
            case BrowserSpec.INPUT -> value.plain();
            case BrowserSpec.SHARDS -> value.integer(1, MAX_SHARDS);
            case BrowserSpec.WEBGPU -> webgpu(value);
            case BrowserSpec.WEBNN -> webnn(value);
            case BrowserSpec.WORKDIR -> value.path();
            default -> throw new IllegalArgumentException(key);
        };
    }

    /**
     * The task with what it asks of a browser among its requirements: a script file's path moved to
     * {@code scriptFile}, and {@code browser}, {@code webgpu} and {@code webnn} added to the requirements.
     */
    @Override
    public List<PlannedTask> expand(PlannedTask task, TaskExpansion expansion) {
        Map<String, Object> spec = new LinkedHashMap<>(task.spec());
        Object script = spec.remove(BrowserSpec.SCRIPT);
        if (script instanceof String text && SCRIPT_FILE.matcher(text.strip()).matches()) {
            spec.put(BrowserSpec.SCRIPT_FILE, text.strip());
        } else if (script != null) {
            spec.put(BrowserSpec.SCRIPT, script);
        }
        Requirements r = task.requirements();
        String browser = (String) spec.get(BrowserSpec.BROWSER);
        if (browser != null && r.browser() != null
                && !browser.equals(BrowserSpec.browserType(r.browser()))) {
            expansion.problem(BrowserSpec.BROWSER, "'" + browser + "' contradicts requirements.browser '"
                    + r.browser() + "'");
            return List.of();
        }
        boolean webgpu = spec.containsKey(BrowserSpec.WEBGPU);
        boolean webnn = spec.containsKey(BrowserSpec.WEBNN);
        if (webgpu && Boolean.FALSE.equals(r.webgpu()) || webnn && Boolean.FALSE.equals(r.webnn())) {
            String key = webgpu && Boolean.FALSE.equals(r.webgpu()) ? BrowserSpec.WEBGPU : BrowserSpec.WEBNN;
            expansion.problem(key, "contradicts requirements." + key + ": false");
            return List.of();
        }
        Requirements required = new Requirements(r.os(), r.arch(), r.cpus(), r.memoryMb(), r.labels(),
                browser != null ? browser : BrowserSpec.browserType(r.browser()), webgpu ? Boolean.TRUE : r.webgpu(),
                webnn ? Boolean.TRUE : r.webnn(), r.taskType());
        return List.of(new PlannedTask(task.name(), task.type(), spec, required, task.priority(), task.deadline(),
                task.timeout(), task.maxAttempts()));
    }

    /** The browser type ({@code chrome} for chromium); {@code null}, the key not set, for {@code any}. */
    private static String browser(PlanValue value) {
        String text = value.isString() ? ((String) value.plain()).strip().toLowerCase(Locale.ROOT) : null;
        if (text == null || !BROWSERS.contains(text)) {
            value.problem("must be one of " + String.join(", ", BROWSERS) + ", not "
                    + PlanValue.quote(String.valueOf(value.plain())));
            return null;
        }
        return BrowserSpec.browserType(text);
    }

    /** A file ({@code pages/matmul.js}: one line ending in .js or .mjs) or the script itself. */
    private static String script(PlanValue value) {
        if (!value.isString()) {
            value.problem("must be a script file (ending in .js) or the script itself, as a string");
            return null;
        }
        String text = (String) value.plain();
        if (text.length() > MAX_SCRIPT) {
            value.problem("is longer than " + MAX_SCRIPT + " characters: put it in a file (script: my-job.js)");
            return null;
        }
        return text;
    }

    /** An absolute http, https or file URL. */
    private static String page(PlanValue value) {
        String text = value.isString() ? ((String) value.plain()).strip() : null;
        try {
            URI uri = text == null ? null : new URI(text);
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (Set.of("http", "https", "file").contains(scheme)) {
                return uri.toString();
            }
        } catch (URISyntaxException bad) {
            // reported below
        }
        value.problem("must be an http, https or file URL (WebGPU and WebNN need a secure context: https, "
                + "http://localhost or file), not " + PlanValue.quote(String.valueOf(value.plain())));
        return null;
    }

    /** {@code true}, {@code hardware}, or a list of features; {@code false} asks nothing. */
    private static Object webgpu(PlanValue value) {
        Object plain = value.plain();
        if (Boolean.FALSE.equals(plain)) {
            return null;
        }
        if (Boolean.TRUE.equals(plain) || "hardware".equals(plain)) {
            return Map.of(BrowserSpec.HARDWARE, "hardware".equals(plain), BrowserSpec.FEATURES, List.of());
        }
        if (plain instanceof List<?>) {
            List<String> features = value.strings();
            if (features == null) {
                return null;
            }
            for (int i = 0; i < features.size(); i++) {
                if (!FEATURE.matcher(features.get(i)).matches()) {
                    value.problemAt(i, PlanValue.quote(features.get(i)) + " is not a WebGPU feature name "
                            + "(shader-f16, timestamp-query)");
                    return null;
                }
            }
            return Map.of(BrowserSpec.HARDWARE, false, BrowserSpec.FEATURES, List.copyOf(new LinkedHashSet<>(features)));
        }
        value.problem("must be true, false, hardware (not a fallback adapter) or a list of WebGPU features, not "
                + PlanValue.quote(String.valueOf(plain)));
        return null;
    }

    /** {@code true} (any device), a device type, or a list of them; {@code false} asks nothing. */
    private static Object webnn(PlanValue value) {
        Object plain = value.plain();
        if (Boolean.FALSE.equals(plain)) {
            return null;
        }
        if (Boolean.TRUE.equals(plain)) {
            return Map.of(BrowserSpec.DEVICES, List.of());
        }
        List<String> devices = plain instanceof String text ? List.of(text.strip())
                : plain instanceof List<?> ? value.strings() : null;
        if (devices == null || devices.isEmpty() && !(plain instanceof List<?>)) {
            value.problem("must be true, false, a device type (" + String.join(", ", WEBNN_DEVICES)
                    + ") or a list of them, not " + PlanValue.quote(String.valueOf(plain)));
            return null;
        }
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            String device = devices.get(i).strip().toLowerCase(Locale.ROOT);
            if (!WEBNN_DEVICES.contains(device)) {
                String problem = PlanValue.quote(devices.get(i)) + " is not a WebNN device type ("
                        + String.join(", ", WEBNN_DEVICES) + ")";
                if (plain instanceof List<?>) {
                    value.problemAt(i, problem);
                } else {
                    value.problem(problem);
                }
                return null;
            }
            checked.add(device);
        }
        return Map.of(BrowserSpec.DEVICES, List.copyOf(new LinkedHashSet<>(checked)));
    }
}
