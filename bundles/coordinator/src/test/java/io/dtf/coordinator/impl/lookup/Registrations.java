package io.dtf.coordinator.impl.lookup;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Service properties as the framework and Declarative Services give them, and waiting for a condition. */
final class Registrations {
    private static long nextId = 100;

    private Registrations() {
    }

    /** The properties of a service registered now: a new {@code service.id}, the type, and {@code more}. */
    static Map<String, Object> registered(String typeProperty, String type, Object... more) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.id", nextId++);
        properties.put(typeProperty, type);
        for (int i = 0; i < more.length; i += 2) {
            properties.put((String) more[i], more[i + 1]);
        }
        return properties;
    }

    /** The properties of a service of the factory configuration {@code name} of {@code factoryPid}. */
    static Map<String, Object> configured(String typeProperty, String type, String factoryPid, String name,
                                          Object... more) {
        Map<String, Object> properties = registered(typeProperty, type, more);
        properties.put("service.pid", factoryPid + "~" + name);
        properties.put("service.factoryPid", factoryPid);
        return properties;
    }

    /** The properties with one more (or changed) property, same service. */
    static Map<String, Object> with(Map<String, Object> properties, String name, Object value) {
        Map<String, Object> changed = new HashMap<>(properties);
        changed.put(name, value);
        return changed;
    }

    /** The future's value, failing the test when it takes longer than 5 s. */
    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    /** Polls a condition until it holds or 5 s pass; says whether it held. */
    static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
