package io.dtf.coordinator.impl.lookup;

import io.dtf.api.connector.InstanceName;
import io.dtf.coordinator.impl.lookup.CallGuard.Guarded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of one integration SPI that are registered now, with their properties, kept as Declarative Services
 * binds, updates and unbinds them: each with its type (the SPI's selecting property), its instance name and a
 * {@link CallGuard guarded} stand-in that is what callers get. Ordered as the service registry orders: higher
 * {@code service.ranking} first, then the older (lower {@code service.id}). Thread safe.
 *
 * @param <S> the SPI
 */
final class ServiceTable<S> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceTable.class);
    private static final Comparator<Entry<?>> REGISTRY_ORDER = Comparator.<Entry<?>>comparingInt(Entry::ranking)
            .reversed().thenComparingLong(Entry::id);

    private final Class<S> spi;
    private final String kind;
    private final String typeProperty;
    private final String nameProperty;
    private final Duration grace;
    private final Map<Long, Entry<S>> entries = new LinkedHashMap<>();

    /**
     * @param spi the interface the services offer
     * @param kind what a service is called in messages ({@code connector})
     * @param typeProperty the SPI's selecting service property
     * @param nameProperty the property that names an instance explicitly, or {@code null} when the SPI has none
     * @param grace how long a call still running when its service goes away may take to finish
     */
    ServiceTable(Class<S> spi, String kind, String typeProperty, String nameProperty, Duration grace) {
        this.spi = spi;
        this.kind = kind;
        this.typeProperty = typeProperty;
        this.nameProperty = nameProperty;
        this.grace = grace;
    }

    /**
     * A registered service.
     *
     * @param id its {@code service.id}
     * @param ranking its {@code service.ranking}
     * @param type its type property
     * @param name its instance name
     * @param service the service itself, for the lookup's own questions
     * @param guarded what callers get
     * @param properties its service properties
     */
    record Entry<S>(long id, int ranking, String type, String name, S service, Guarded<S> guarded,
                    Map<String, Object> properties) {
    }

    void add(S service, Map<String, Object> properties) {
        Entry<S> entry = entry(service, properties, null);
        synchronized (this) {
            entries.put(entry.id(), entry);
        }
        LOG.info("{} {} ({}) is available", kind, entry.name(), entry.type());
    }

    /** Its properties changed (a configuration update it takes without restarting): same service, same guard. */
    void update(S service, Map<String, Object> properties) {
        synchronized (this) {
            long id = idOf(properties);
            Entry<S> old = entries.get(id);
            entries.put(id, entry(service, properties, old == null ? null : old.guarded()));
        }
    }

    void remove(S service, Map<String, Object> properties) {
        Entry<S> removed;
        synchronized (this) {
            removed = entries.remove(idOf(properties));
        }
        if (removed != null) {
            removed.guarded().guard().release("its service was unregistered");
            LOG.info("{} {} ({}) went away", kind, removed.name(), removed.type());
        }
    }

    /** Every service now, in registry order. */
    synchronized List<Entry<S>> entries() {
        List<Entry<S>> list = new ArrayList<>(entries.values());
        list.sort(REGISTRY_ORDER);
        return list;
    }

    /** The services of one type, in registry order. */
    List<Entry<S>> ofType(String type) {
        return entries().stream().filter(entry -> entry.type().equals(type)).toList();
    }

    /** The instance of this name, guarded; not one whose name an earlier one has. */
    Optional<S> byName(String name) {
        return usable().stream().filter(entry -> entry.name().equals(name)).findFirst()
                .map(entry -> entry.guarded().service());
    }

    /** The instances of one type, guarded, in registry order; not those whose names earlier ones have. */
    List<S> byType(String type) {
        return usable().stream().filter(entry -> entry.type().equals(type)).map(entry -> entry.guarded().service())
                .toList();
    }

    private List<Entry<S>> usable() {
        List<Entry<S>> ordered = entries();
        Set<Long> taken = nameTaken(ordered);
        return ordered.stream().filter(entry -> !taken.contains(entry.id())).toList();
    }

    /** The service ids of entries whose name an entry earlier in registry order has: they are not handed out. */
    static Set<Long> nameTaken(List<? extends Entry<?>> ordered) {
        Set<String> names = new HashSet<>();
        Set<Long> taken = new HashSet<>();
        for (Entry<?> entry : ordered) {
            if (!names.add(entry.name())) {
                taken.add(entry.id());
            }
        }
        return taken;
    }

    private Entry<S> entry(S service, Map<String, Object> properties, Guarded<S> guarded) {
        String type = String.valueOf(properties.get(typeProperty));
        String name = InstanceName.of(properties, nameProperty, typeProperty);
        Guarded<S> guard = guarded != null ? guarded
                : CallGuard.guard(spi, service, kind + " " + name + " (" + type + ")", grace);
        Object ranking = properties.get("service.ranking");
        return new Entry<>(idOf(properties), ranking instanceof Integer r ? r : 0, type, name, service, guard,
                Map.copyOf(properties));
    }

    private static long idOf(Map<String, Object> properties) {
        Object id = properties.get("service.id");
        if (!(id instanceof Long value)) {
            throw new IllegalArgumentException("service properties without service.id: " + properties.keySet());
        }
        return value;
    }
}
