package io.dtf.api.connector;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An item of an external system as a connector returns it.
 *
 * @param type its item type ({@code issue}, {@code message}, ...)
 * @param id the system's id
 * @param key the system's human key when it has one besides the id ({@code PROJ-123}), else {@code null}
 * @param url where people see it, or {@code null}
 * @param fields its fields by the system's names, in the order the connector gives them; values are what JSON
 *     holds (strings, numbers, booleans, lists, maps)
 */
public record ExternalItem(String type, String id, String key, URI url, Map<String, Object> fields) {
    public ExternalItem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        fields = fields == null || fields.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A reference to this item, for the update, delete, get and attach calls. */
    public ItemRef ref() {
        return new ItemRef(type, id);
    }
}
