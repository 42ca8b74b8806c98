package io.dtf.http.impl.upload;

import java.io.InputStream;
import java.nio.file.Path;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;

/** One part of a multipart/form-data body, added to a fresh entity for each try. */
public sealed interface Part {
    /** Adds this part to the entity being built. */
    void addTo(MultipartEntityBuilder entity);

    /** Whether the part can be sent again (a stream cannot). */
    default boolean repeatable() {
        return true;
    }

    record Text(String name, String value, ContentType type) implements Part {
        @Override
        public void addTo(MultipartEntityBuilder entity) {
            entity.addTextBody(name, value, type);
        }
    }

    record Bytes(String name, byte[] bytes, ContentType type, String filename) implements Part {
        @Override
        public void addTo(MultipartEntityBuilder entity) {
            entity.addBinaryBody(name, bytes, type, filename);
        }
    }

    record File(String name, Path path, ContentType type, String filename) implements Part {
        @Override
        public void addTo(MultipartEntityBuilder entity) {
            entity.addBinaryBody(name, Uploads.readable(path).toFile(), type, filename);
        }
    }

    record Stream(String name, InputStream in, ContentType type, String filename) implements Part {
        @Override
        public void addTo(MultipartEntityBuilder entity) {
            entity.addBinaryBody(name, in, type, filename);
        }

        @Override
        public boolean repeatable() {
            return false;
        }
    }
}
