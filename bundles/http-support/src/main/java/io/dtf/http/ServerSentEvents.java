package io.dtf.http;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} (server-sent events, as the HTML standard defines them): lines
 * {@code event:}, {@code data:} (several are joined by newlines), {@code id:} and {@code retry:}, an
 * empty line ends an event, lines starting with {@code :} are comments (keep-alives).
 */
public final class ServerSentEvents implements Closeable {
    /** One event; {@code event} is {@code message} when the server named none. */
    public record Event(String event, String data, String id) {
    }

    private final BufferedReader in;
    private String lastId;
    private long retryMillis = -1;

    public ServerSentEvents(InputStream stream) {
        this.in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    /** The next event, blocking until it is complete; {@code null} at the end of the stream. */
    public Event next() throws IOException {
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(event == null ? "message" : event, data.toString(), lastId);
                }
                event = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "id" -> {
                    if (!value.contains("\0")) {
                        lastId = value;
                    }
                }
                case "retry" -> {
                    if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
                        retryMillis = Long.parseLong(value);
                    }
                }
                default -> {
                    // unknown fields are ignored
                }
            }
        }
        return null;
    }

    /** The last event id the server sent, for {@code Last-Event-ID} on a reconnect; {@code null} if none. */
    public String lastEventId() {
        return lastId;
    }

    /** The reconnection time the server asked for, or -1. */
    public long retryMillis() {
        return retryMillis;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
