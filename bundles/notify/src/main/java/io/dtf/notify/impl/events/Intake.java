package io.dtf.notify.impl.events;

import io.dtf.api.notify.Severity;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.HookType;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;
import io.dtf.notify.impl.files.DataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hook's intake: {@link #append} writes an event to a file in the data area and returns, and one thread hands
 * the events taken to the processor in batches of up to {@value #BATCH}, in the order they came. The store reads
 * that deciding an event needs are then made once per batch, not once per event, which is what lets a storm of
 * task failures (whose events come one after the other: the coordinator never overlaps the events of a run) be
 * taken thousands a second.
 *
 * <p>An event appended is safe as a group journal's line is: its write reached the operating system before
 * {@link #append} returns, so a killed process loses nothing; the files that still hold events not processed are
 * read again at the next start ({@link #start}), and the processor's duplicate check makes a second delivery
 * harmless. The files are segments of {@value #SEGMENT_EVENTS} events, deleted once processed; at most
 * {@value #PENDING_LIMIT} events wait, beyond which {@link #append} waits for the processor (memory and disk stay
 * bounded, and the coordinator's time limit tells when the processor is stuck). Values of an event's data other than
 * text, numbers and booleans (a run's report) are not written: after a restart they are read from the store.
 */
public final class Intake implements AutoCloseable {
    static final int SEGMENT_EVENTS = 10_000;
    static final int PENDING_LIMIT = 20_000;
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final String SUFFIX = ".intake";

    /** An event as the file keeps it. */
    record Line(String id, String type, Instant at, String run, String task, String worker, String severity,
                Map<String, Object> data) {
        static Line of(DtfEvent event) {
            Map<String, Object> simple = new LinkedHashMap<>();
            event.data().forEach((key, value) -> {
                if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                    simple.put(key, value);
                }
            });
            return new Line(event.id(), event.type().name(), event.at(), event.run() == null ? null : event.run().value(),
                    event.task() == null ? null : event.task().value(),
                    event.worker() == null ? null : event.worker().value(), event.severity().name(), simple);
        }

        DtfEvent event() {
            return new DtfEvent(HookType.valueOf(type), at, run == null ? null : RunId.of(run),
                    task == null ? null : TaskId.of(task), worker == null ? null : WorkerId.of(worker),
                    Severity.valueOf(severity), data, id);
        }
    }

    /** One file of events, and how many of them were processed. Guarded by the intake's monitor. */
    private static final class Segment {
        final Path file;
        final FileChannel channel;
        int appended;
        int processed;

        Segment(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }
    }

    private record Taken(DtfEvent event, Segment segment) {
    }

    private final Path directory;
    private final Consumer<List<DtfEvent>> processor;
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final ArrayDeque<Taken> waiting = new ArrayDeque<>();
    private final Thread thread;
    private long nextSegment;
    private boolean closed;

    /**
     * Opens the intake in {@code directory}, reading the events a previous run took and did not process; call
     * {@link #start} to process them and what comes.
     *
     * @param processor decides a batch of events; when it throws, the same batch is tried again a second later
     */
    public Intake(Path directory, Consumer<List<DtfEvent>> processor) {
        this.directory = directory;
        this.processor = processor;
        try {
            Files.createDirectories(directory);
            List<Path> files;
            try (Stream<Path> list = Files.list(directory)) {
                files = list.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
            }
            for (Path file : files) {
                Segment segment = open(file);
                nextSegment = Math.max(nextSegment, number(file) + 1);
                for (DtfEvent event : read(file)) {
                    segment.appended++;
                    waiting.add(new Taken(event, segment));
                }
                segments.add(segment);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the notification intake in " + directory, e);
        }
        this.thread = new Thread(this::run, "dtf-notify-intake");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Takes an event: when this returns, it is in the file and will be processed. Waits while {@value #PENDING_LIMIT}
     * events wait for the processor.
     *
     * @throws IllegalStateException when the intake is closed (the coordinator delivers the event again later)
     */
    public synchronized void append(DtfEvent event) throws InterruptedException {
        while (waiting.size() >= PENDING_LIMIT && !closed) {
            wait();
        }
        if (closed) {
            throw new IllegalStateException("the notification system is stopping; the event is taken after its restart");
        }
        Segment segment = segments.peekLast();
        if (segment == null || segment.appended >= SEGMENT_EVENTS) {
            segment = open(directory.resolve(String.format("%016d", nextSegment++) + SUFFIX));
            segments.add(segment);
        }
        try {
            byte[] line = DataFiles.JSON.writeValueAsBytes(Line.of(event));
            ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
            while (buffer.hasRemaining()) {
                segment.channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the event " + event.id() + " to " + segment.file, e);
        }
        segment.appended++;
        waiting.add(new Taken(event, segment));
        notifyAll();
    }

    /** How many events were taken and are not processed yet. */
    public synchronized int pending() {
        return waiting.size();
    }

    /** Stops taking events and processing them once the batch in hand is done; the files stay for the next start. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        if (thread.isAlive()) {
            thread.join();
        }
        synchronized (this) {
            for (Segment segment : segments) {
                try {
                    segment.channel.close();
                } catch (IOException e) {
                    LOG.warn("Closing {} failed: {}", segment.file, e.getMessage());
                }
            }
        }
    }

    private void run() {
        while (true) {
            List<Taken> batch = new ArrayList<>();
            synchronized (this) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                waiting.stream().limit(BATCH).forEach(batch::add);
            }
            try {
                processor.accept(batch.stream().map(Taken::event).toList());
            } catch (RuntimeException e) {
                LOG.error("{} notification events could not be processed; they are tried again: {}", batch.size(),
                        e.getMessage(), e);
                if (!pause()) {
                    return;
                }
                continue;
            }
            done(batch);
        }
    }

    /** Waits {@link #RETRY} (events taken meanwhile do not shorten it); {@code false} when closed meanwhile. */
    private synchronized boolean pause() {
        long until = System.nanoTime() + RETRY.toNanos();
        try {
            for (long left = RETRY.toMillis(); left > 0 && !closed; left = (until - System.nanoTime()) / 1_000_000) {
                wait(left);
            }
        } catch (InterruptedException e) {
            return false;
        }
        return !closed;
    }

    /** Counts the batch as processed, and deletes (or empties, for the last) the files whose events all were. */
    private synchronized void done(List<Taken> batch) {
        for (Taken taken : batch) {
            waiting.removeFirst();
            taken.segment().processed++;
        }
        while (!segments.isEmpty() && segments.peekFirst().processed == segments.peekFirst().appended) {
            Segment segment = segments.peekFirst();
            try {
                if (segments.size() > 1 || segment.appended >= SEGMENT_EVENTS) {
                    segments.removeFirst();
                    segment.channel.close();
                    Files.delete(segment.file);
                } else {
                    segment.channel.truncate(0);
                    segment.appended = 0;
                    segment.processed = 0;
                    break;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the processed events of " + segment.file, e);
            }
        }
        notifyAll();
    }

    private static Segment open(Path file) {
        try {
            return new Segment(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the notification intake file " + file, e);
        }
    }

    /** The events of a file, without a last line cut short by a crash (no caller was told it was taken). */
    private static List<DtfEvent> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<DtfEvent> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                events.add(DataFiles.JSON.readValue(bytes, start, i - start, Line.class).event());
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(start);
            }
        }
        return events;
    }

    private static long number(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("not a notification intake file: " + file, e);
        }
    }
}
