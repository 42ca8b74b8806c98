package io.dtf.http.impl.upload;

import io.dtf.http.impl.request.RequestBody;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.FileEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;

/**
 * Bodies streamed from where they are, never read into memory whole: a file (read again for each try,
 * with its length, as GitHub's release-asset upload wants) or a stream (sent once; chunked when its
 * length is not known).
 */
public final class Uploads {
    private Uploads() {
    }

    /** @throws IllegalArgumentException when the path is not a readable regular file */
    public static RequestBody file(Path file, String mediaType) {
        ContentType type = ContentType.parse(Objects.requireNonNull(mediaType, "mediaType"));
        readable(file);
        return RequestBody.of(() -> new FileEntity(readable(file).toFile(), type), true);
    }

    /** @param length the stream's length in bytes, or -1 when not known (then sent chunked) */
    public static RequestBody stream(InputStream in, long length, String mediaType) {
        Objects.requireNonNull(in, "in");
        ContentType type = ContentType.parse(Objects.requireNonNull(mediaType, "mediaType"));
        return RequestBody.of(() -> new InputStreamEntity(in, length, type), false);
    }

    /** The path, checked: a regular file that can be read. */
    static Path readable(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot upload " + file + ": not a readable file");
        }
        return file;
    }
}
