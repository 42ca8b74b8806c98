package io.dtf.api.pool;

import java.time.Instant;
import java.util.Objects;

/**
 * What a browser was probed to have, with JavaScript in the browser itself.
 *
 * @param profile the pool's name for the kind of browser ({@code chrome}, or a configured one like
 *     {@code chrome-webnn})
 * @param browserType the browser type ({@code chrome}, {@code firefox}), as requirements name it
 * @param browserName the browser's name as WebDriver reports it ({@code chrome}, {@code chrome-headless-shell})
 * @param version the browser's version
 * @param backend how the pool gets it: {@code local} (driver started by the pool), {@code attach} (browser started
 *     by the pool, attached by its debugging address) or {@code grid}
 * @param userAgent {@code navigator.userAgent}
 * @param webgpu WebGPU adapter, features and limits
 * @param webnn WebNN contexts by device type
 * @param probedAt when it was probed
 */
public record BrowserCapabilities(String profile, String browserType, String browserName, String version,
                                  String backend, String userAgent, WebGpuInfo webgpu, WebNnInfo webnn,
                                  Instant probedAt) {
    public BrowserCapabilities {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(browserType, "browserType");
        Objects.requireNonNull(probedAt, "probedAt");
        webgpu = webgpu == null ? WebGpuInfo.none("not probed") : webgpu;
        webnn = webnn == null ? WebNnInfo.none("not probed") : webnn;
    }
}
