package io.dtf.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the fake lookups of named instances (connectors, channels) share: instances by unique name, each of a type,
 * in the order added, found by name and by type. Thread safe.
 *
 * @param <S> the SPI
 */
abstract class NamedInstances<S> {
    private record Instance<S>(String type, S service) {
    }

    private final String kind;
    private final Map<String, Instance<S>> instances = new LinkedHashMap<>();

    /** @param kind what an instance is called in messages ({@code connector}) */
    NamedInstances(String kind) {
        this.kind = kind;
    }

    public synchronized Optional<S> byName(String name) {
        return Optional.ofNullable(instances.get(name)).map(Instance::service);
    }

    public synchronized List<S> byType(String type) {
        return instances.values().stream().filter(i -> i.type().equals(type)).map(Instance::service).toList();
    }

    /** @throws IllegalArgumentException when the name is taken */
    synchronized void register(String name, String type, S service) {
        if (instances.putIfAbsent(name, new Instance<>(type, service)) != null) {
            throw new IllegalArgumentException("a " + kind + " named '" + name + "' was added before");
        }
    }

    synchronized void unregister(String name) {
        instances.remove(name);
    }

    /** One value per instance, made from its name, type and service, in the order added. */
    synchronized <T> List<T> map(Describer<S, T> describer) {
        return instances.entrySet().stream()
                .map(e -> describer.describe(e.getKey(), e.getValue().type(), e.getValue().service())).toList();
    }

    /** Makes a value of an instance's name, type and service. */
    @FunctionalInterface
    interface Describer<S, T> {
        T describe(String name, String type, S service);
    }
}
