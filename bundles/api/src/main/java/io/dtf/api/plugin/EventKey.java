package io.dtf.api.plugin;

import java.util.Map;
import java.util.Objects;

/**
 * A key of {@link DtfEvent#data()} with the type of its value, so that plugins read events typed
 * ({@code event.get(EventData.ATTEMPT)}) instead of copying string literals and casts.
 *
 * @param name the key in {@code data} (and in the event's JSON)
 * @param type the type of its value
 */
public record EventKey<T>(String name, Class<T> type) {
    public EventKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /**
     * The value in {@code data}, or {@code null}. A number is converted to the key's number type: an
     * event read back from JSON may hold a {@code Long} where an {@code Integer} was put.
     *
     * @throws ClassCastException when the value is of another type
     */
    public T from(Map<String, ?> data) {
        Object value = data.get(name);
        if (value instanceof Number number && !type.isInstance(value)) {
            if (type == Integer.class) {
                return type.cast(number.intValue());
            }
            if (type == Long.class) {
                return type.cast(number.longValue());
            }
        }
        return value == null ? null : type.cast(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
