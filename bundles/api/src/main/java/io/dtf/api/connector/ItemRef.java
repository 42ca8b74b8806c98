package io.dtf.api.connector;

import java.util.Objects;

/**
 * An item of an external system by its type and id.
 *
 * @param type the connector's item type ({@code issue}, {@code comment}, {@code message}, {@code case}, ...)
 * @param id the system's id or key of the item ({@code PROJ-123}, {@code C1234}); a connector takes either where
 *     the system does
 */
public record ItemRef(String type, String id) {
    public ItemRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return type + " " + id;
    }
}
