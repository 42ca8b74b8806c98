package io.dtf.connector.slack.impl;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one Slack destination, in a JSON file of the bundle's data area, so that the follow-ups of a
 * notification group continue its thread after a restart. The whole file is written to a temporary file and moved
 * over the old one, so that a crash leaves the old file or the new one, never half of one. The file names the channel
 * it was written for: threads of another channel (the configuration changed) are not continued.
 *
 * <p>A file that cannot be read or written costs threads, never messages: it is reported and the connector goes on.
 */
final class ThreadFile {
    /** One group's thread as kept. */
    record Entry(String group, String notification, String channel, String ts, long startedAtMillis) {
    }

    /** The file's content: the configured channel and the threads, the least recently used first. */
    record Saved(String channel, List<Entry> threads) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ThreadFile.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path file;
    private final String channel;

    /**
     * @param file where the threads are kept
     * @param channel the channel as configured: the file is only continued for the same one
     */
    ThreadFile(Path file, String channel) {
        this.file = file;
        this.channel = channel;
    }

    /** The threads kept, the least recently used first; none when there is no file, or it is of another channel. */
    List<Entry> load() {
        try {
            Saved saved = JSON.readValue(Files.readAllBytes(file), Saved.class);
            if (!channel.equals(saved.channel()) || saved.threads() == null) {
                LOG.info("Slack threads in {} were of channel {}, now {}: follow-ups start new threads", file,
                        saved.channel(), channel);
                return List.of();
            }
            return saved.threads();
        } catch (NoSuchFileException none) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Slack threads could not be read from {} ({}): follow-ups of earlier notification groups start "
                    + "new threads", file, e.getMessage());
            return List.of();
        }
    }

    /** Keeps these threads, the least recently used first, instead of the ones kept before. */
    void save(List<Entry> threads) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(temporary, JSON.writeValueAsBytes(new Saved(channel, threads)));
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Slack threads could not be saved to {} ({}): after a restart, follow-ups of the groups since the "
                    + "last save start new threads", file, e.getMessage());
        }
    }
}
