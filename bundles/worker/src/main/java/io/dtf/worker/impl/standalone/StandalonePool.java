package io.dtf.worker.impl.standalone;

import io.dtf.pool.browser.impl.BrowserPoolComponent;
import io.dtf.pool.browser.impl.pooling.BrowserPool;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import java.io.IOException;
import java.io.Reader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser pool of the standalone worker ({@code --browser-pool FILE}): the pool bundle's own configuration, read
 * from a {@code .cfg} file (the {@code etc/io.dtf.pool.browser.cfg} shipped with DTF's Karaf) with the pool's metatype
 * defaults for what it leaves out, as Config Admin and DS give it to the pool in Karaf.
 *
 * <p>Workaround: io.dtf.pool.browser has no public way yet to make its settings from properties (its configuration
 * type {@code PoolConfig} and {@code BrowserPoolComponent.settings(PoolConfig, Map)} are package-private), so they are
 * reached here by reflection, which {@code StandalonePoolTest} checks. Replace this by the pool's public factory once
 * it has one.
 */
final class StandalonePool {
    private static final Logger LOG = LoggerFactory.getLogger(StandalonePool.class);
    private static final String CONFIG_TYPE = "io.dtf.pool.browser.impl.PoolConfig";

    private StandalonePool() {
    }

    /**
     * Starts the pool the file describes, its processes recorded under {@code dataDir} (cleaned up there after a
     * crash).
     *
     * @throws WorkerMain.CannotStart when the file cannot be read or a setting is wrong, naming it
     */
    static BrowserPool start(Path file, Path dataDir) throws WorkerMain.CannotStart {
        PoolSettings settings = settings(file, read(file));
        BrowserPool pool = new BrowserPool(settings, dataDir, Clock.systemUTC(), slow -> LOG.info(
                "Browser job {} took {} ms, {}% more than its median", slow.key(), slow.took().toMillis(),
                slow.percentSlower()));
        LOG.info("Browser pool started from {} with profiles {}", file, settings.profiles().stream()
                .map(p -> p.name() + " (" + p.backend().label() + ", " + p.min() + "-" + p.max() + ")").toList());
        return pool;
    }

    /** The settings of the file's properties, the metatype defaults for the rest. */
    static PoolSettings settings(Path file, Map<String, Object> properties) throws WorkerMain.CannotStart {
        try {
            Class<?> configType = Class.forName(CONFIG_TYPE, true, BrowserPoolComponent.class.getClassLoader());
            Object config = Proxy.newProxyInstance(configType.getClassLoader(), new Class<?>[] {configType},
                    (proxy, method, args) -> value(method, properties));
            // one method looked up, not all: the component's activate(..., BundleContext) names a type that
            // dtf-worker.jar leaves out
            MethodHandle settings = MethodHandles.privateLookupIn(BrowserPoolComponent.class, MethodHandles.lookup())
                    .findStatic(BrowserPoolComponent.class, "settings",
                            MethodType.methodType(PoolSettings.class, configType, Map.class));
            return (PoolSettings) settings.invoke(config, properties);
        } catch (IllegalArgumentException bad) {
            throw new WorkerMain.CannotStart("The browser pool's settings in " + file + " are wrong: "
                    + bad.getMessage());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this dtf-worker.jar's browser pool has no " + CONFIG_TYPE
                    + " or settings(PoolConfig, Map) any more", e);
        } catch (Throwable checked) {
            // settings(PoolConfig, Map) declares none
            throw new IllegalStateException("the browser pool's settings failed", checked);
        }
    }

    /** A setting as DS gives it: the file's value in the attribute's type, else the metatype default. */
    private static Object value(Method attribute, Map<String, Object> properties) {
        String key = attribute.getName().replace('_', '.');
        Object value = properties.get(key);
        if (value == null) {
            return attribute.getDefaultValue();
        }
        String text = String.valueOf(value).strip();
        Class<?> type = attribute.getReturnType();
        try {
            if (type == int.class) {
                return Integer.valueOf(text);
            }
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("io.dtf.pool.browser: " + key + " must be a whole number, not '"
                    + text + "'");
        }
        if (type == boolean.class) {
            return Boolean.valueOf(text);
        }
        return type == String[].class ? new String[] {text} : text;
    }

    private static Map<String, Object> read(Path file) throws WorkerMain.CannotStart {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new WorkerMain.CannotStart("Cannot read the browser pool's settings " + file + ": " + e);
        }
        Map<String, Object> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }
}
