package io.dtf.api.pool;

import io.dtf.api.task.Requirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a job needs of a browser. A {@code null} or empty field asks for nothing.
 *
 * @param browser the browser type ({@code chrome}, {@code firefox}) or a configured profile's name
 * @param webgpu a WebGPU adapter
 * @param hardwareWebGpu a WebGPU adapter that is not a fallback (software) adapter
 * @param webgpuFeatures every one of these WebGPU features ({@code shader-f16})
 * @param webnn a WebNN context on at least one device type
 * @param webnnDevices a WebNN context on each of these device types ({@code cpu}, {@code gpu}, {@code npu})
 */
public record BrowserRequirements(String browser, Boolean webgpu, Boolean hardwareWebGpu, Set<String> webgpuFeatures,
                                  Boolean webnn, Set<String> webnnDevices) {
    /** Any browser. */
    public static final BrowserRequirements ANY = new BrowserRequirements(null, null, null, Set.of(), null, Set.of());

    public BrowserRequirements {
        browser = browser == null || browser.isBlank() ? null : browser.strip();
        webgpuFeatures = webgpuFeatures == null ? Set.of() : Set.copyOf(webgpuFeatures);
        webnnDevices = webnnDevices == null ? Set.of() : Set.copyOf(webnnDevices);
    }

    /** What a task's requirements ask of a browser ({@code browser}, {@code webgpu}, {@code webnn}). */
    public static BrowserRequirements of(Requirements task) {
        return new BrowserRequirements(task.browser(), task.webgpu(), null, Set.of(), task.webnn(), Set.of());
    }

    public BrowserRequirements withBrowser(String value) {
        return new BrowserRequirements(value, webgpu, hardwareWebGpu, webgpuFeatures, webnn, webnnDevices);
    }

    public BrowserRequirements withWebGpu(boolean value) {
        return new BrowserRequirements(browser, value, hardwareWebGpu, webgpuFeatures, webnn, webnnDevices);
    }

    public BrowserRequirements withWebNn(boolean value) {
        return new BrowserRequirements(browser, webgpu, hardwareWebGpu, webgpuFeatures, value, webnnDevices);
    }

    /**
     * What {@code capabilities} lack of these requirements, one short phrase each ({@code "webgpu"},
     * {@code "webgpu feature shader-f16"}, {@code "webnn device npu"}); empty when they have everything.
     * {@code browser} is matched by the profile's name or its browser type.
     */
    public List<String> missing(BrowserCapabilities capabilities) {
        List<String> missing = new ArrayList<>();
        if (browser != null && !browser.equalsIgnoreCase(capabilities.profile())
                && !browser.equalsIgnoreCase(capabilities.browserType())) {
            missing.add("browser " + browser);
        }
        WebGpuInfo gpu = capabilities.webgpu();
        if (Boolean.TRUE.equals(webgpu) && !gpu.available()) {
            missing.add("webgpu");
        }
        if (Boolean.TRUE.equals(hardwareWebGpu) && (!gpu.available() || gpu.fallbackAdapter())) {
            missing.add("webgpu hardware adapter");
        }
        for (String feature : webgpuFeatures) {
            if (!gpu.features().contains(feature)) {
                missing.add("webgpu feature " + feature);
            }
        }
        WebNnInfo nn = capabilities.webnn();
        if (Boolean.TRUE.equals(webnn) && nn.devices().isEmpty()) {
            missing.add("webnn");
        }
        for (String device : webnnDevices) {
            if (!nn.devices().contains(device)) {
                missing.add("webnn device " + device);
            }
        }
        return missing;
    }
}
