package io.dtf.http.impl.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/** A request's body, held in memory so that every try sends it again. */
public final class RequestBody {
    private final byte[] bytes;
    private final ContentType type;

    private RequestBody(byte[] bytes, ContentType type) {
        this.bytes = bytes;
        this.type = type;
    }

    /**
     * The value as JSON, written by {@code mapper}.
     *
     * @throws IllegalArgumentException when the mapper cannot write it
     */
    public static RequestBody json(ObjectMapper mapper, Object value) {
        try {
            return new RequestBody(mapper.writeValueAsBytes(value), ContentType.APPLICATION_JSON);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** These bytes (copied), of this media type. */
    public static RequestBody bytes(byte[] bytes, String mediaType) {
        return new RequestBody(bytes.clone(), ContentType.parse(mediaType));
    }

    /** The text in the media type's charset, UTF-8 (then said in the media type) when it names none. */
    public static RequestBody text(String text, String mediaType) {
        ContentType type = ContentType.parse(mediaType);
        if (type.getCharset() == null) {
            type = type.withCharset(StandardCharsets.UTF_8);
        }
        return new RequestBody(text.getBytes(type.getCharset()), type);
    }

    /** A fresh entity for one try. */
    HttpEntity entity() {
        return new ByteArrayEntity(bytes, type);
    }
}
