package io.dtf.http.impl.upload;

import io.dtf.http.impl.request.RequestBody;
import java.util.List;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;

/**
 * multipart/form-data (RFC 7578) from parts: files and streams are streamed as the body is written, not
 * read into memory; the body has a length when every part has one (files and bytes do), else it is
 * sent chunked.
 */
public final class MultipartBodies {
    private MultipartBodies() {
    }

    public static RequestBody of(List<Part> parts) {
        List<Part> copy = List.copyOf(parts);
        boolean repeatable = copy.stream().allMatch(Part::repeatable);
        return RequestBody.of(() -> {
            MultipartEntityBuilder entity = MultipartEntityBuilder.create().setMode(HttpMultipartMode.STRICT);
            copy.forEach(p -> p.addTo(entity));
            return entity.build();
        }, repeatable);
    }
}
