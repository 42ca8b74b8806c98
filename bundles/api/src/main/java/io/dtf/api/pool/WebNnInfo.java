package io.dtf.api.pool;

import java.util.Map;
import java.util.Set;

/**
 * WebNN as a browser's {@code navigator.ml.createContext({deviceType})} answered it, for each device type tried.
 *
 * @param api whether {@code navigator.ml} exists
 * @param devices the device types a context was created on ({@code cpu}, {@code gpu}, {@code npu})
 * @param errors why a device type gave no context, by device type
 */
public record WebNnInfo(boolean api, Set<String> devices, Map<String, String> errors) {
    public WebNnInfo {
        devices = devices == null ? Set.of() : Set.copyOf(devices);
        errors = errors == null ? Map.of() : Map.copyOf(errors);
    }

    /** No WebNN, for this reason. */
    public static WebNnInfo none(String error) {
        return new WebNnInfo(false, Set.of(), Map.of("all", error));
    }
}
