package io.dtf.shell.impl;

import io.dtf.api.pool.PoolStatus;
import io.dtf.api.pool.WebGpuInfo;
import io.dtf.api.pool.WebNnInfo;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The text {@code dtf:pool} and {@code dtf:pool-probe} show, kept pure so that it can be tested. */
final class PoolFormat {
    /** The counters every pool keeps, shown first and in this order; the rest follow by name. */
    private static final List<String> MAIN_COUNTERS = List.of("leases", "refusals", "sessionsStarted",
            "sessionsDiscarded", "retries");
    /** The pool's counters of faults by kind: {@code fault.HUNG}. */
    private static final String FAULT = "fault.";
    /** The WebGPU limits that matter most for compute jobs, in the order shown. */
    static final List<String> KEY_LIMITS = List.of("maxBufferSize", "maxStorageBufferBindingSize",
            "maxComputeWorkgroupStorageSize", "maxComputeInvocationsPerWorkgroup", "maxComputeWorkgroupSizeX");
    /** The limits that are sizes in bytes. */
    private static final Set<String> BYTE_LIMITS = Set.of("maxBufferSize", "maxStorageBufferBindingSize",
            "maxComputeWorkgroupStorageSize");

    /** How Chromium begins a DOMException's message: {@code Failed to execute 'createContext' on 'ML': }. */
    private static final Pattern DOM_PREAMBLE = Pattern.compile("^Failed to execute '[^']*' on '[^']*': ");

    private PoolFormat() {
    }

    /** {@code 3 browsers (1 idle, 1 leased, 1 starting), 1 lease held, 0 of 32 callers waiting}. */
    static String summary(PoolStatus status) {
        Map<PoolStatus.BrowserState, Integer> states = new EnumMap<>(PoolStatus.BrowserState.class);
        status.browsers().forEach(b -> states.merge(b.state(), 1, Integer::sum));
        String byState = states.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return plural(status.browsers().size(), "browser") + (byState.isEmpty() ? "" : " (" + byState + ")") + ", "
                + plural(status.leases().size(), "lease") + " held, " + status.waiting() + " of "
                + status.queueLimit() + " callers waiting";
    }

    /**
     * {@code leases 41, refusals 2, sessions started 5, sessions discarded 2, retries 3, reclaimed 1; faults: HUNG 1,
     * TAB_CRASHED 2} (or {@code faults: none}).
     */
    static String counters(Map<String, Long> counters) {
        StringJoiner shown = new StringJoiner(", ");
        for (String name : MAIN_COUNTERS) {
            shown.add(words(name) + " " + counters.getOrDefault(name, 0L));
        }
        Map<String, Long> faults = new TreeMap<>();
        new TreeMap<>(counters).forEach((name, value) -> {
            if (name.startsWith(FAULT)) {
                faults.put(name.substring(FAULT.length()), value);
            } else if (!MAIN_COUNTERS.contains(name)) {
                shown.add(words(name) + " " + value);
            }
        });
        return shown + "; faults: " + (faults.isEmpty() ? "none" : faults.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    }

    /** {@code sessionsStarted} as {@code sessions started}. */
    static String words(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    /** The adapter in brief: {@code swiftshader (fallback)}, {@code ampere}; {@code none: why} without one. */
    static String webgpu(WebGpuInfo gpu) {
        if (!gpu.available()) {
            return "none: " + Format.orNone(gpu.error());
        }
        String name = nonBlank(gpu.architecture(), gpu.vendor(), gpu.description()).stream().findFirst()
                .orElse("unnamed adapter");
        return name + (gpu.fallbackAdapter() ? " (fallback)" : "");
    }

    /** The adapter in full: {@code google swiftshader "SwiftShader", fallback adapter}. */
    static String adapter(WebGpuInfo gpu) {
        if (!gpu.available()) {
            return "none: " + Format.orNone(gpu.error());
        }
        List<String> parts = nonBlank(gpu.vendor(), gpu.architecture(), gpu.device());
        if (gpu.description() != null && !gpu.description().isBlank()) {
            parts.add('"' + gpu.description() + '"');
        }
        return (parts.isEmpty() ? "unnamed adapter" : String.join(" ", parts))
                + (gpu.fallbackAdapter() ? ", fallback adapter (software)" : ", hardware adapter");
    }

    /** {@code 2: float32-filterable, shader-f16}, sorted; {@code none}. */
    static String features(Set<String> features) {
        return features.isEmpty() ? "none" : features.size() + ": " + String.join(", ", new TreeSet<>(features));
    }

    /** The {@link #KEY_LIMITS} the adapter has: {@code maxBufferSize 1 GiB, maxComputeWorkgroupSizeX 256}. */
    static String keyLimits(Map<String, Long> limits) {
        String shown = KEY_LIMITS.stream().filter(limits::containsKey)
                .map(name -> name + " " + (BYTE_LIMITS.contains(name) ? bytes(limits.get(name)) : limits.get(name)))
                .collect(Collectors.joining(", "));
        return shown.isEmpty() ? "-" : shown + " (" + limits.size() + " limits in all)";
    }

    /** Whole binary units where they fit: {@code 1 GiB}, {@code 128 MiB}, {@code 16 KiB}; else bytes. */
    static String bytes(long value) {
        String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (30 - 10 * i);
            if (value >= unit && value % unit == 0) {
                return value / unit + " " + units[i];
            }
        }
        return value + " B";
    }

    /**
     * The device types a WebNN context was created on ({@code cpu, gpu}), or why there is none: {@code none: WebNN is
     * not supported on this platform}, {@code none: cpu: x; gpu: y} when the reasons differ.
     */
    static String webnn(WebNnInfo nn) {
        if (!nn.devices().isEmpty()) {
            return String.join(", ", new TreeSet<>(nn.devices()));
        }
        Set<String> reasons = nn.errors().values().stream().map(PoolFormat::reason)
                .collect(Collectors.toCollection(TreeSet::new));
        if (reasons.size() <= 1) {
            return "none: " + (reasons.isEmpty() ? "no device type gave a context" : reasons.iterator().next());
        }
        return "none: " + webnnErrors(nn);
    }

    /** Why device types gave no WebNN context, by device type: {@code npu: not supported}; empty when all did. */
    static String webnnErrors(WebNnInfo nn) {
        return new TreeMap<>(nn.errors()).entrySet().stream().map(e -> e.getKey() + ": " + reason(e.getValue()))
                .collect(Collectors.joining("; "));
    }

    /**
     * A browser's error without the DOM's preamble: {@code Failed to execute 'createContext' on 'ML': WebNN is not
     * supported on this platform.} is {@code WebNN is not supported on this platform}.
     */
    static String reason(String error) {
        return DOM_PREAMBLE.matcher(String.valueOf(error)).replaceFirst("").replaceFirst("\\.$", "");
    }

    /** {@code 12/50}. */
    static String uses(PoolStatus.Browser browser) {
        return browser.uses() + "/" + browser.maxUses();
    }

    /** {@code 252 MB}, or {@code -} when the pool does not know it (a Grid's browser, one not measured yet). */
    static String memory(PoolStatus.Browser browser) {
        return browser.memoryKb() == PoolStatus.Browser.MEMORY_UNKNOWN ? Format.NONE
                : Math.round(browser.memoryKb() / 1024.0) + " MB";
    }

    /** {@code +250%}. */
    static String slower(long percent) {
        return "+" + percent + "%";
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static List<String> nonBlank(String... values) {
        List<String> kept = new ArrayList<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                kept.add(value);
            }
        }
        return kept;
    }
}
