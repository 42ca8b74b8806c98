package io.dtf.pool.browser.impl;

import io.dtf.pool.browser.impl.settings.PoolSettings;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * The pool's settings from configuration properties, with the metatype defaults of {@link PoolConfig} for what they
 * leave out: in OSGi from the {@link PoolConfig} DS makes ({@link BrowserPoolComponent}), outside it from the
 * properties of a {@code .cfg} file (the standalone worker's {@code --browser-pool FILE}, which embeds the pool on its
 * class path; the package stays private in OSGi). Both give the same settings for the same file.
 */
public final class PoolProperties {
    private PoolProperties() {
    }

    /**
     * The settings of {@code properties} as a {@code .cfg} file gives them (every value a string, lists in one line)
     * or typed, as Config Admin and DS give them to the pool in Karaf.
     *
     * @throws IllegalArgumentException naming the key and the problem when a value is wrong
     */
    public static PoolSettings settings(Map<String, ?> properties) {
        return settings(config(properties), properties);
    }

    /** The settings of a configuration (metatype defaults applied); a bad one fails activation with its message. */
    static PoolSettings settings(PoolConfig config, Map<String, ?> properties) {
        PoolSettings pool = PoolSettings.pool(config.maxUses(), config.idleSeconds(), config.queueLimit(),
                config.healthCheck(), config.startSeconds(), config.commandSeconds(), config.graceSeconds(),
                config.slowPercent(), config.historySize(), config.historyMinimum())
                .withMaxMemoryMb(config.maxMemoryMb()).withHangLimit(config.hangFactor(), config.hangFloorSeconds());
        return PoolSettings.of(config.profiles(), key -> chrome(config, key), properties, pool);
    }

    /** The configuration DS would make of {@code properties}: their values in the attributes' types, else the defaults. */
    static PoolConfig config(Map<String, ?> properties) {
        return (PoolConfig) Proxy.newProxyInstance(PoolConfig.class.getClassLoader(), new Class<?>[] {PoolConfig.class},
                (proxy, method, args) -> value(method, properties));
    }

    private static Object value(Method attribute, Map<String, ?> properties) {
        String key = attribute.getName().replace('_', '.');
        Object value = properties.get(key);
        Class<?> type = attribute.getReturnType();
        if (value == null) {
            return attribute.getDefaultValue();
        }
        if (!(value instanceof String)) {
            return value; // typed already
        }
        String text = ((String) value).strip();
        if (type == int.class) {
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException(PoolSettings.PID + ": " + key + " must be a whole number, not '"
                        + text + "'");
            }
        }
        if (type == boolean.class) {
            return Boolean.valueOf(text);
        }
        // one string for a list, as DS makes it of a .cfg line: the settings split it
        return type == String[].class ? new String[] {text} : text;
    }

    /** The chrome profile's settings by key ({@code backend}), as metatype describes them. */
    private static Object chrome(PoolConfig config, String key) {
        return switch (key) {
            case "type" -> config.chrome_type();
            case "backend" -> config.chrome_backend();
            case "binary" -> config.chrome_binary();
            case "driver" -> config.chrome_driver();
            case "gridUrl" -> config.chrome_gridUrl();
            case "flags" -> config.chrome_flags();
            case "webgpu" -> config.chrome_webgpu();
            case "webgpuFlags" -> config.chrome_webgpuFlags();
            case "webnn" -> config.chrome_webnn();
            case "webnnFlags" -> config.chrome_webnnFlags();
            case "prefs" -> config.chrome_prefs();
            case "min" -> config.chrome_min();
            case "max" -> config.chrome_max();
            case "blankPage" -> config.chrome_blankPage();
            default -> throw new IllegalArgumentException("no profile setting " + key);
        };
    }
}
