package io.dtf.http;

import io.dtf.http.impl.upload.Part;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hc.core5.http.ContentType;

/**
 * A multipart/form-data body (RFC 7578), for uploads such as a Jira attachment, a Slack file or a
 * TestRail result attachment: text fields and files, in order. Files and streams are streamed when the
 * request is sent, never read into memory; a body with a stream is sent once (not retried).
 *
 * <pre>{@code
 * http.post("/rest/api/3/issue/{}/attachments", key).header("X-Atlassian-Token", "no-check")
 *     .multipart(Multipart.builder().file("file", report, "text/html").build()).send();
 * }</pre>
 */
public final class Multipart {
    private final List<Part> parts;

    private Multipart(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The parts, for the client. */
    List<Part> parts() {
        return parts;
    }

    /** Adds parts in the order they are sent. */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        private Builder() {
        }

        /** A text field ({@code text/plain; charset=UTF-8}). */
        public Builder text(String name, String value) {
            parts.add(new Part.Text(name(name), Objects.requireNonNull(value, "value"),
                    ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8)));
            return this;
        }

        /** A field of another media type (JSON metadata, say) with this text as its content. */
        public Builder text(String name, String value, String mediaType) {
            parts.add(new Part.Text(name(name), Objects.requireNonNull(value, "value"), ContentType.parse(mediaType)));
            return this;
        }

        /** A file from memory. */
        public Builder bytes(String name, byte[] content, String mediaType, String filename) {
            parts.add(new Part.Bytes(name(name), content.clone(), ContentType.parse(mediaType),
                    Objects.requireNonNull(filename, "filename")));
            return this;
        }

        /** A file, named as on disk; streamed. */
        public Builder file(String name, Path file, String mediaType) {
            return file(name, file, mediaType, String.valueOf(file.getFileName()));
        }

        /** A file under another name; streamed. */
        public Builder file(String name, Path file, String mediaType, String filename) {
            parts.add(new Part.File(name(name), Objects.requireNonNull(file, "file"), ContentType.parse(mediaType),
                    Objects.requireNonNull(filename, "filename")));
            return this;
        }

        /** A stream, sent once (the call is then not retried); the caller closes it after the call. */
        public Builder stream(String name, InputStream in, String mediaType, String filename) {
            parts.add(new Part.Stream(name(name), Objects.requireNonNull(in, "in"), ContentType.parse(mediaType),
                    Objects.requireNonNull(filename, "filename")));
            return this;
        }

        public Multipart build() {
            if (parts.isEmpty()) {
                throw new IllegalStateException("a multipart body needs at least one part");
            }
            return new Multipart(parts);
        }

        private static String name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a multipart field needs a name");
            }
            return name;
        }
    }
}
