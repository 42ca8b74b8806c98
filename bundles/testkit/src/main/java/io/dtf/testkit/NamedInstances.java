package io.dtf.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the fake lookups of named instances share: instances by unique name, each of a type, in the order added. */
final class NamedInstances<S> {
    private record Instance<S>(String type, S service) {
    }

    private final String kind;
    private final Map<String, Instance<S>> instances = new LinkedHashMap<>();

    /** @param kind what an instance is called in messages ({@code connector}) */
    NamedInstances(String kind) {
        this.kind = kind;
    }

    synchronized void add(String name, String type, S service) {
        if (instances.putIfAbsent(name, new Instance<>(type, service)) != null) {
            throw new IllegalArgumentException("a " + kind + " named '" + name + "' was added before");
        }
    }

    synchronized void remove(String name) {
        instances.remove(name);
    }

    synchronized Optional<S> byName(String name) {
        return Optional.ofNullable(instances.get(name)).map(Instance::service);
    }

    synchronized List<S> byType(String type) {
        return instances.values().stream().filter(i -> i.type().equals(type)).map(Instance::service).toList();
    }

    /** One value per instance, made from its name, type and service, in the order added. */
    synchronized <T> List<T> map(TriFunction<S, T> info) {
        return instances.entrySet().stream().map(e -> info.apply(e.getKey(), e.getValue().type(), e.getValue().service()))
                .toList();
    }

    /** Makes a value of an instance's name, type and service. */
    @FunctionalInterface
    interface TriFunction<S, T> {
        T apply(String name, String type, S service);
    }
}
