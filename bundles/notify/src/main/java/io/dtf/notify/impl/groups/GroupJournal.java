package io.dtf.notify.impl.groups;

import io.dtf.notify.impl.events.EventRecord;
import io.dtf.notify.impl.files.DataFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A group's journal: the group's state as its first line ({@link GroupState}), then one JSON line per change,
 * appended with one write each before the change is used. At each of the group's notifications it is rewritten as
 * its new state alone ({@link #rewrite}): a new file moved over the old one, so that a crash leaves one or the
 * other. A crash can leave at most a partial last line, which no caller
 * was told was written: it is cut off when the journal is read again. Appends reach the operating system before
 * the call returns (a killed process loses nothing); they are not forced to the disk, which would cost milliseconds
 * per event (a power loss may lose the last of them, and the coordinator then delivers their events again).
 */
final class GroupJournal implements AutoCloseable {
    private final Path file;
    private FileChannel channel;

    private GroupJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static GroupJournal create(Path file) {
        try {
            return new GroupJournal(file, FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the group journal " + file, e);
        }
    }

    /** Reads a journal's entries, cutting off a partial last line, and opens it for appending. */
    static GroupJournal read(Path file, List<JournalEntry> into) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            int good = 0;
            int start = 0;
            List<JournalEntry> entries = new ArrayList<>();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                    try {
                        entries.add(DataFiles.JSON.readValue(line, JournalEntry.class));
                    } catch (IOException e) {
                        break; // only a crash mid-write makes a bad line, and only the last
                    }
                    good = i + 1;
                    start = i + 1;
                }
            }
            into.addAll(entries);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
            channel.truncate(good);
            channel.close();
            return new GroupJournal(file, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the group journal " + file, e);
        }
    }

    void append(JournalEntry entry) {
        try {
            byte[] line = DataFiles.JSON.writeValueAsBytes(entry);
            ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the group journal " + file, e);
        }
    }

    /** Replaces the journal by this one line: the group's state, which holds everything the old lines said. */
    void rewrite(JournalEntry state) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            byte[] line = DataFiles.JSON.writeValueAsBytes(state);
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            channel.close();
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the group journal " + file, e);
        }
    }

    /** Hands the events of the lines after the first to {@code each}, reading one line at a time. */
    void forEachEvent(Consumer<EventRecord> each) {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.readLine();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JournalEntry entry = DataFiles.JSON.readValue(line, JournalEntry.class);
                if (entry.event() != null) {
                    each.accept(entry.event());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the group journal " + file, e);
        }
    }

    /** Closes and deletes it: the group is over. */
    void delete() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the group journal " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the group journal " + file, e);
        }
    }
}
