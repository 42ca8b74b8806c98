package io.dtf.worker.impl.standalone;

import io.dtf.api.DtfException;
import io.dtf.api.ErrorCode;
import io.dtf.api.executor.LogSink;
import io.dtf.api.task.TaskAttempt;
import io.dtf.api.worker.WorkerGateway;
import io.dtf.api.worker.WorkerId;
import io.dtf.http.Secrets;
import io.dtf.worker.impl.log.AttemptLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the logs of running attempts to the coordinator ({@link WorkerGateway#appendLog}) while the
 * attempts write them locally. The attempt's own log is the buffer: the {@link LogSink} this hands
 * out writes it and marks the attempt as having news; every {@link #TICK} what was added since the
 * last chunk is sent, in whole lines and chunks of at most {@link #CHUNK} bytes. While the
 * coordinator does not answer nothing is lost or held in memory beyond the log itself: the next chunk
 * starts where the last one that was accepted ended. {@link #finish} hands over the rest, including
 * what the agent itself wrote after the executor, to travel with the attempt's result; a log that
 * stayed in memory and of which nothing was sent travels only in the result's tail, which holds all
 * of it. An attempt's first chunk waits until it has run for a whole {@link #TICK}: a shorter task's
 * log travels only with its result, not as a request (and a file on the coordinator) of its own.
 */
final class LogStreamer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogStreamer.class);

    static final Duration TICK = Duration.ofMillis(250);
    /** At most 128 KiB: even escaped as JSON a chunk stays under the REST API's 1 MiB body limit. */
    static final int CHUNK = 128 * 1024;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** One attempt's log: what of its file has been sent. Guarded by itself. */
    private static final class Stream {
        final TaskAttempt attempt;
        final AttemptLog log;
        /** When it was followed ({@link System#nanoTime()}). */
        final long since = System.nanoTime();
        long offset;
        volatile boolean dirty = true;
        boolean refused;
        int failures;
        long retryAt = System.nanoTime();

        Stream(TaskAttempt attempt, AttemptLog log) {
            this.attempt = attempt;
            this.log = log;
        }
    }

    private final WorkerGateway gateway;
    private final WorkerId worker;
    private final Map<TaskAttempt, Stream> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dtf-log-stream");
        t.setDaemon(true);
        return t;
    });

    LogStreamer(WorkerGateway gateway, WorkerId worker) {
        this.gateway = gateway;
        this.worker = worker;
        timer.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts streaming the attempt's log from its beginning; returns a sink that writes to it and marks news. */
    LogSink follow(TaskAttempt attempt, AttemptLog log) {
        Stream stream = new Stream(attempt, log);
        streams.put(attempt, stream);
        return line -> {
            log.line(line);
            stream.dirty = true;
        };
    }

    /** The attempts whose logs are streamed now. */
    int streaming() {
        return streams.size();
    }

    /**
     * Stops streaming the attempt's log and returns what is left of it, to travel with the attempt's
     * result, when that fits in one chunk (a short task's whole log: no request of its own). A larger
     * rest is sent now; then, or when nothing is left, returns {@code null}; so it does for a log still
     * in memory of which nothing was sent, since the result's tail holds all of it. Gives up sending
     * after {@code maxWait} when the coordinator does not take it (the whole log stays in the local file).
     */
    String finish(TaskAttempt attempt, Duration maxWait) {
        Stream stream = streams.remove(attempt);
        if (stream == null) {
            return null;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (stream) {
            if (stream.offset == 0 && !stream.log.inFile()) {
                return null; // all of it is in the result's tail
            }
            String rest = smallRest(stream);
            if (rest != null) {
                return rest;
            }
            while (!stream.refused) {
                if (send(stream, true)) {
                    return null;
                }
                long wait = Math.min(backoff(stream), TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                if (wait <= 0) {
                    LOG.warn("Worker {}: the end of the log of {} could not be sent; it is kept in {}", worker, attempt,
                            stream.log.file());
                    return null;
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return null;
    }

    /** The unsent end of a finished log when it fits in one chunk; {@code null} when larger, empty or refused. */
    private String smallRest(Stream stream) {
        if (stream.refused) {
            return null;
        }
        long left = stream.log.size() - stream.offset;
        if (left <= 0 || left > CHUNK) {
            return null;
        }
        try {
            byte[] rest = stream.log.read(stream.offset, (int) left);
            stream.offset += rest.length;
            return new String(rest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null; // sent (or given up on) the usual way
        }
    }

    /** Stops streaming every attempt (the worker leaves). */
    void forgetAll() {
        streams.clear();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        streams.clear();
    }

    private void tick() {
        long now = System.nanoTime();
        for (Stream stream : streams.values()) {
            if (!stream.dirty) {
                continue;
            }
            synchronized (stream) {
                if (stream.refused || now - stream.retryAt < 0 || now - stream.since < TICK.toNanos()) {
                    continue;
                }
                send(stream, false);
            }
        }
    }

    /**
     * Sends what the file has beyond the stream's offset: whole lines only, unless {@code toTheEnd}.
     * Returns whether everything there was could be sent.
     */
    private boolean send(Stream stream, boolean toTheEnd) {
        stream.dirty = false; // before reading: a line written meanwhile marks it again
        try {
            while (true) {
                long size = stream.log.size();
                if (size <= stream.offset) {
                    return true;
                }
                byte[] bytes = stream.log.read(stream.offset, (int) Math.min(CHUNK, size - stream.offset));
                int read = bytes.length;
                boolean more = size - stream.offset > read;
                int length;
                if (toTheEnd && !more) {
                    length = read; // the end of a finished log, with a last line without line end
                } else {
                    length = lineEnd(bytes, read);
                    if (length == 0 && read == CHUNK) {
                        length = charEnd(bytes, read); // one very long line: sent in pieces
                    }
                }
                if (length == 0) {
                    stream.dirty = true; // a line not yet complete: later
                    return true;
                }
                String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
                try {
                    gateway.appendLog(worker, stream.attempt, stream.offset, text);
                } catch (DtfException e) {
                    if (e.code() == ErrorCode.STALE_ATTEMPT) {
                        LOG.info("Worker {}: the coordinator takes no more log of {}: {}", worker, stream.attempt,
                                e.getMessage());
                        stream.refused = true;
                        streams.remove(stream.attempt, stream);
                        return true;
                    }
                    return failed(stream, e);
                } catch (RuntimeException e) {
                    return failed(stream, e);
                }
                stream.offset += length;
                stream.failures = 0;
                if (length < read && !more) {
                    stream.dirty = true; // an incomplete line remains at the end
                    return true;
                }
            }
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            LOG.warn("Worker {}: cannot read the log of {}: {}", worker, stream.attempt, e.toString());
            stream.refused = true;
            return true;
        }
    }

    private boolean failed(Stream stream, RuntimeException e) {
        stream.failures++;
        stream.dirty = true;
        stream.retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff(stream));
        if (stream.failures == 1 || stream.failures % 20 == 0) {
            LOG.warn("Worker {}: sending the log of {} failed ({} times): {}", worker, stream.attempt, stream.failures,
                    Secrets.redact(e));
        }
        return false;
    }

    private static long backoff(Stream stream) {
        return Math.min(MAX_BACKOFF_MILLIS, TICK.toMillis() << Math.min(stream.failures, 5));
    }

    /** The length up to and with the last line end; 0 when there is none. */
    static int lineEnd(byte[] bytes, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** The length without an incomplete UTF-8 character at the end. */
    static int charEnd(byte[] bytes, int length) {
        if (length == 0) {
            return 0;
        }
        int start = length - 1;
        while (start > 0 && (bytes[start] & 0xC0) == 0x80 && length - start < 4) {
            start--;
        }
        int lead = bytes[start] & 0xFF;
        int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return length - start < needed ? start : length;
    }
}
