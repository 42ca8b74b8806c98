package io.dtf.coordinator.impl.lookup;

import java.util.List;
import java.util.Optional;

/**
 * What the lookups of named instances (connectors, channels) answer alike: an instance by name, the instances of a
 * type, guarded, from their {@link ServiceTable}.
 *
 * @param <S> the SPI
 */
abstract class NamedLookup<S> {
    final ServiceTable<S> table;

    NamedLookup(ServiceTable<S> table) {
        this.table = table;
    }

    public Optional<S> byName(String name) {
        return table.byName(name);
    }

    public List<S> byType(String type) {
        return table.byType(type);
    }
}
