package io.dtf.api.pool;

import java.util.Map;
import java.util.Set;

/**
 * WebGPU as a browser's {@code navigator.gpu.requestAdapter()} answered it.
 *
 * @param available whether an adapter was given
 * @param vendor {@code GPUAdapterInfo.vendor} ({@code google} for SwiftShader)
 * @param architecture {@code GPUAdapterInfo.architecture} ({@code swiftshader})
 * @param device {@code GPUAdapterInfo.device}
 * @param description {@code GPUAdapterInfo.description}
 * @param fallbackAdapter whether it is a fallback (software) adapter ({@code isFallbackAdapter})
 * @param features the adapter's features
 * @param limits the adapter's limits by name ({@code maxBufferSize})
 * @param error why there is no adapter, when there is none ({@code "navigator.gpu is undefined"})
 */
public record WebGpuInfo(boolean available, String vendor, String architecture, String device, String description,
                         boolean fallbackAdapter, Set<String> features, Map<String, Long> limits, String error) {
    public WebGpuInfo {
        features = features == null ? Set.of() : Set.copyOf(features);
        limits = limits == null ? Map.of() : Map.copyOf(limits);
    }

    /** No adapter, for this reason. */
    public static WebGpuInfo none(String error) {
        return new WebGpuInfo(false, null, null, null, null, false, Set.of(), Map.of(), error);
    }
}
