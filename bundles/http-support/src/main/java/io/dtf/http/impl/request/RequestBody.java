package io.dtf.http.impl.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * A request's body: a fresh entity for each try. Bodies in memory and files can be sent again; a stream
 * cannot ({@link #repeatable()} is then false, and the call is not tried again once it was sent).
 */
public final class RequestBody {
    private final Supplier<HttpEntity> entities;
    private final boolean repeatable;

    private RequestBody(Supplier<HttpEntity> entities, boolean repeatable) {
        this.entities = entities;
        this.repeatable = repeatable;
    }

    /** A body made by {@code entities} for each try (uploads, multipart). */
    public static RequestBody of(Supplier<HttpEntity> entities, boolean repeatable) {
        return new RequestBody(entities, repeatable);
    }

    /**
     * The value as JSON, written by {@code mapper}.
     *
     * @throws IllegalArgumentException when the mapper cannot write it
     */
    public static RequestBody json(ObjectMapper mapper, Object value) {
        try {
            return inMemory(mapper.writeValueAsBytes(value), ContentType.APPLICATION_JSON);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** These bytes (copied), of this media type. */
    public static RequestBody bytes(byte[] bytes, String mediaType) {
        return inMemory(bytes.clone(), ContentType.parse(mediaType));
    }

    /** The text in the media type's charset, UTF-8 (then said in the media type) when it names none. */
    public static RequestBody text(String text, String mediaType) {
        ContentType type = ContentType.parse(mediaType);
        if (type.getCharset() == null) {
            type = type.withCharset(StandardCharsets.UTF_8);
        }
        return inMemory(text.getBytes(type.getCharset()), type);
    }

    private static RequestBody inMemory(byte[] bytes, ContentType type) {
        return new RequestBody(() -> new ByteArrayEntity(bytes, type), true);
    }

    /** Whether the body can be sent again. */
    public boolean repeatable() {
        return repeatable;
    }

    /** A fresh entity for one try. */
    HttpEntity entity() {
        return entities.get();
    }
}
