package io.dtf.http.impl.upload;

import io.dtf.http.impl.request.RequestBody;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;

/**
 * multipart/form-data (RFC 7578) from parts: files and streams are streamed as the body is written, not
 * read into memory; the body has a length when every part has one (files and bytes do), else it is
 * sent chunked.
 */
public final class MultipartBodies {
    /** Without HttpClient's default {@code charset=ISO-8859-1}: RFC 7578 defines no charset parameter. */
    private static final ContentType FORM_DATA = ContentType.create("multipart/form-data");

    private MultipartBodies() {
    }

    public static RequestBody of(List<Part> parts) {
        List<Part> copy = List.copyOf(parts);
        boolean repeatable = copy.stream().allMatch(Part::repeatable);
        return RequestBody.of(() -> {
            MultipartEntityBuilder entity = MultipartEntityBuilder.create().setMode(HttpMultipartMode.STRICT)
                    .setContentType(FORM_DATA).setCharset(StandardCharsets.UTF_8);
            copy.forEach(p -> p.addTo(entity));
            return entity.build();
        }, repeatable);
    }
}
