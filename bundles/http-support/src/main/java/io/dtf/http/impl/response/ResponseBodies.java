package io.dtf.http.impl.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.dtf.api.ErrorCode;
import io.dtf.http.DtfHttpException;
import io.dtf.http.HttpAnswer;
import io.dtf.http.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Reads the bodies of successful answers: as JSON mapped to a type, as text, into a stream, or not at
 * all. JSON is read leniently (unknown properties are ignored, so that a newer server does not break
 * an older client).
 */
public final class ResponseBodies {
    private final ObjectMapper mapper;

    public ResponseBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The body as this type; {@code null} for an empty answer (204, or no body).
     *
     * @throws DtfHttpException ({@link ErrorCode#INTERNAL}) when the body is not JSON of that type
     */
    public <T> T json(ClassicHttpResponse response, JavaType type) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null || response.getCode() == 204) {
            EntityUtils.consume(entity);
            return null;
        }
        byte[] bytes = EntityUtils.toByteArray(entity);
        if (bytes.length == 0) {
            return null;
        }
        ObjectReader lenient = mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return lenient.readValue(bytes);
        } catch (JsonProcessingException e) {
            throw new DtfHttpException(ErrorCode.INTERNAL, null, response.getCode(), null,
                    "the answer is not a valid " + type.getRawClass().getSimpleName() + ": "
                            + Secrets.redact(e.getOriginalMessage()), List.of());
        }
    }

    /** The answer's status and headers, and its body as this type ({@code null} when empty). */
    public <T> HttpAnswer<T> answer(ClassicHttpResponse response, JavaType type) throws IOException {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (Header h : response.getHeaders()) {
            byName.computeIfAbsent(h.getName(), n -> new ArrayList<>()).add(h.getValue());
        }
        T body = json(response, type);
        return new HttpAnswer<>(response.getCode(), byName, body);
    }

    /** The body as text, in the charset the answer names, else UTF-8; {@code ""} for none. */
    public static String text(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return "";
        }
        ContentType type = ContentType.parseLenient(entity.getContentType());
        return new String(EntityUtils.toByteArray(entity),
                type == null || type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset());
    }

    /** Copies the body to {@code out}; returns the number of bytes. */
    public static long copy(ClassicHttpResponse response, OutputStream out) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return 0L;
        }
        try (InputStream in = entity.getContent()) {
            return in.transferTo(out);
        }
    }

    /** Reads the body to its end, so that the connection can be used again. */
    public static Void discard(ClassicHttpResponse response) throws IOException {
        EntityUtils.consume(response.getEntity());
        return null;
    }

    /** Closes the answer; a failure to close only drops the connection, which is what closing does anyway. */
    public static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException e) {
                // the connection is dropped anyway
            }
        }
    }
}
