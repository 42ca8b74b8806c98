package io.dtf.worker.impl.standalone;

import io.dtf.pool.browser.impl.PoolProperties;
import io.dtf.pool.browser.impl.pooling.BrowserPool;
import io.dtf.pool.browser.impl.settings.PoolSettings;
import java.io.IOException;
import java.io.Reader;
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
 * defaults for what it leaves out, as Config Admin and DS give it to the pool in Karaf ({@link PoolProperties}).
 */
final class StandalonePool {
    private static final Logger LOG = LoggerFactory.getLogger(StandalonePool.class);

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

    /** The settings of the file's properties, the pool's metatype defaults for the rest. */
    static PoolSettings settings(Path file, Map<String, Object> properties) throws WorkerMain.CannotStart {
        try {
            return PoolProperties.settings(properties);
        } catch (IllegalArgumentException bad) {
            throw new WorkerMain.CannotStart("The browser pool's settings in " + file + " are wrong: "
                    + bad.getMessage());
        }
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
