package io.dtf.ci.github.impl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a provider remembers to save requests (check run ids, comment ids, installations): the most recently used
 * entries up to a bound, so that memory stays bounded however many runs pass. Losing an entry costs a lookup, not
 * correctness. Thread-safe.
 */
final class BoundedCache<K, V> {
    private final Map<K, V> entries;

    BoundedCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        return entries.get(key);
    }

    synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    synchronized void remove(K key) {
        entries.remove(key);
    }
}
