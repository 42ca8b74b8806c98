package io.dtf.notify.impl.groups;

import io.dtf.notify.impl.config.RouteSettings;
import io.dtf.notify.impl.events.EventRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The open groups, each with its journal in {@code <data>/groups}: every change is appended to the group's journal
 * before it is applied, so that after a restart {@link #load} finds each group as it was: the events it holds, those
 * not sent yet, and which channel has which notification. Not thread safe: its owner guards it.
 */
public final class Groups {
    private final Path directory;
    private final Map<String, Group> open = new LinkedHashMap<>();
    private final Map<Group, GroupJournal> journals = new LinkedHashMap<>();

    public Groups(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    /** Reads the journals left by the last run. */
    public void load() {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".journal")).sorted().toList()) {
                List<JournalEntry> entries = new ArrayList<>();
                GroupJournal journal = GroupJournal.read(file, entries);
                if (entries.isEmpty() || !entries.get(0).op().equals("open")) {
                    journal.delete(); // created, then the process died before the first line: nothing was held
                    continue;
                }
                JournalEntry first = entries.get(0);
                Group group = new Group(first.key(), first.route(), first.settings(), first.labels(), first.at());
                entries.subList(1, entries.size()).forEach(group::apply);
                open.put(group.key(), group);
                journals.put(group, journal);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    public Collection<Group> all() {
        return List.copyOf(open.values());
    }

    public Group get(String key) {
        return open.get(key);
    }

    /** Opens a group. */
    public Group open(String key, String route, RouteSettings settings, Map<String, String> labels, Instant now) {
        Group group = new Group(key, route, settings, labels, now);
        GroupJournal journal = GroupJournal.create(directory.resolve(fileName(group.instance())));
        journal.append(JournalEntry.open(now, key, route, settings, labels));
        open.put(key, group);
        journals.put(group, journal);
        return group;
    }

    public void add(Group group, EventRecord event, Instant now) {
        record(group, JournalEntry.event(now, event));
    }

    public void drop(Group group, String eventId, Instant now) {
        record(group, JournalEntry.drop(now, eventId));
    }

    public Flush flush(Group group, Flush.Kind kind, List<String> eventIds, Instant now) {
        Flush flush = new Flush(group.seq() + 1, kind, eventIds, now, group.settings().channels());
        record(group, JournalEntry.flush(flush));
        return group.unfinished().stream().filter(f -> f.seq() == flush.seq()).findFirst().orElse(flush);
    }

    public void done(Group group, int seq, String channel, Instant now) {
        record(group, JournalEntry.done(now, seq, channel));
    }

    /** The group is over: its journal goes. */
    public void close(Group group) {
        open.remove(group.key());
        journals.remove(group).delete();
    }

    /** Closes the journals, keeping them for the next start. */
    public void shutdown() {
        journals.values().forEach(GroupJournal::close);
        journals.clear();
        open.clear();
    }

    private void record(Group group, JournalEntry entry) {
        journals.get(group).append(entry);
        group.apply(entry);
    }

    private static String fileName(String instance) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(instance.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12) + ".journal";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The id of a group's notification: the same for the same notification, however often it is sent. */
    public static String notificationId(Group group, int seq) {
        return "dtf-" + fileName(group.instance()).replace(".journal", "") + "-" + seq;
    }
}
