package io.dtf.pool.browser.impl.probe;

import io.dtf.api.pool.BrowserCapabilities;
import io.dtf.api.pool.WebGpuInfo;
import io.dtf.api.pool.WebNnInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asks a browser what it can do, with JavaScript in the browser: the WebGPU adapter (info, features, limits, fallback
 * or not) and a WebNN context per device type. Run {@link #SCRIPT} as an async script in a secure context and give
 * its result to {@link #capabilities}.
 */
public final class CapabilityProbe {
    /** The WebNN device types tried. */
    public static final List<String> WEBNN_DEVICES = List.of("cpu", "gpu", "npu");

    /** The probe, as an async script: its callback gets {userAgent, webgpu: {...}, webnn: {...}}. */
    public static final String SCRIPT = """
            const done = arguments[arguments.length - 1];
            const devices = arguments[0];
            (async () => {
              const result = {userAgent: navigator.userAgent, webgpu: {available: false},
                              webnn: {api: false, devices: [], errors: {}}};
              try {
                if (!navigator.gpu) {
                  result.webgpu.error = 'navigator.gpu is undefined';
                } else {
                  const adapter = await navigator.gpu.requestAdapter();
                  if (!adapter) {
                    result.webgpu.error = 'navigator.gpu.requestAdapter() gave no adapter';
                  } else {
                    const info = adapter.info || {};
                    const limits = {};
                    for (const name in adapter.limits) {
                      if (typeof adapter.limits[name] === 'number') limits[name] = adapter.limits[name];
                    }
                    result.webgpu = {available: true, vendor: info.vendor || '', architecture: info.architecture || '',
                      device: info.device || '', description: info.description || '',
                      fallback: !!(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
                      features: Array.from(adapter.features), limits: limits};
                  }
                }
              } catch (e) {
                result.webgpu.error = String(e && e.message || e);
              }
              if (!navigator.ml) {
                result.webnn.errors.all = 'navigator.ml is undefined';
              } else {
                result.webnn.api = true;
                for (const deviceType of devices) {
                  try {
                    await navigator.ml.createContext({deviceType});
                    result.webnn.devices.push(deviceType);
                  } catch (e) {
                    result.webnn.errors[deviceType] = String(e && e.message || e);
                  }
                }
              }
              return result;
            })().then(done, e => done({error: String(e)}));
            """;

    /** Whether WebGPU still gives an adapter: an async script whose callback gets {@code true} or {@code false}. */
    public static final String ADAPTER_CHECK = """
            const done = arguments[arguments.length - 1];
            if (!navigator.gpu) { done(false); return; }
            navigator.gpu.requestAdapter().then(adapter => done(!!adapter), () => done(false));
            """;

    private CapabilityProbe() {
    }

    /**
     * The capabilities {@link #SCRIPT} found.
     *
     * @throws IllegalStateException when the result is not the probe's
     */
    public static BrowserCapabilities capabilities(String profile, String browserType, String browserName,
                                                   String version, String backend, Object result, Instant now) {
        if (!(result instanceof Map<?, ?> map) || map.containsKey("error")) {
            throw new IllegalStateException("the capability probe failed: " + result);
        }
        return new BrowserCapabilities(profile, browserType, browserName, version, backend,
                string(map.get("userAgent")), webgpu(map.get("webgpu")), webnn(map.get("webnn")), now);
    }

    private static WebGpuInfo webgpu(Object value) {
        if (!(value instanceof Map<?, ?> gpu) || !Boolean.TRUE.equals(gpu.get("available"))) {
            return WebGpuInfo.none(value instanceof Map<?, ?> gpu ? string(gpu.get("error")) : "not probed");
        }
        Set<String> features = new LinkedHashSet<>();
        if (gpu.get("features") instanceof List<?> list) {
            list.forEach(feature -> features.add(String.valueOf(feature)));
        }
        Map<String, Long> limits = new LinkedHashMap<>();
        if (gpu.get("limits") instanceof Map<?, ?> map) {
            map.forEach((name, limit) -> {
                if (limit instanceof Number number) {
                    limits.put(String.valueOf(name), number.longValue());
                }
            });
        }
        return new WebGpuInfo(true, string(gpu.get("vendor")), string(gpu.get("architecture")),
                string(gpu.get("device")), string(gpu.get("description")), Boolean.TRUE.equals(gpu.get("fallback")),
                features, limits, null);
    }

    private static WebNnInfo webnn(Object value) {
        if (!(value instanceof Map<?, ?> nn)) {
            return WebNnInfo.none("not probed");
        }
        Set<String> devices = new LinkedHashSet<>();
        if (nn.get("devices") instanceof List<?> list) {
            list.forEach(device -> devices.add(String.valueOf(device)));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (nn.get("errors") instanceof Map<?, ?> map) {
            map.forEach((device, error) -> errors.put(String.valueOf(device), String.valueOf(error)));
        }
        return new WebNnInfo(Boolean.TRUE.equals(nn.get("api")), devices, errors);
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
