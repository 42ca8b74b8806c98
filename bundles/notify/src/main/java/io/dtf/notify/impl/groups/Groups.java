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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The open groups, each with its journal in {@code <data>/groups}: every change is appended to the group's journal
 * before it is applied, and at each notification the journal is rewritten as the group's state, so that after a
 * restart {@link #load} finds each group as it was (what it counts and lists, what was not sent yet, and which
 * channel has which notification) and a journal holds at most one {@code group_interval}'s events besides the state.
 * Not thread safe: its owner guards it.
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
                if (entries.isEmpty() || entries.get(0).state() == null) {
                    journal.delete(); // created, then the process died before the first line: nothing was held
                    continue;
                }
                Group group = Group.of(entries.get(0).state());
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
        journal.append(JournalEntry.state(group.state()));
        open.put(key, group);
        journals.put(group, journal);
        return group;
    }

    public void add(Group group, EventRecord event, Instant now) {
        record(group, JournalEntry.event(now, event));
    }

    /** Hands every event that waits to {@code each}: those {@link Group#waiting} lists, then the others, from the journal. */
    public void forEachWaiting(Group group, Consumer<EventRecord> each) {
        List<EventRecord> listed = group.waiting();
        listed.forEach(each);
        if (group.waitingBeyondListed()) {
            Set<String> seen = new HashSet<>();
            listed.forEach(e -> seen.add(e.id()));
            journals.get(group).forEachEvent(event -> {
                if (!seen.contains(event.id())) {
                    each.accept(event);
                }
            });
        }
    }

    /**
     * Takes out an event that waits (muted before it was told); {@link #save} or the next {@link #flush} writes it
     * down. A crash before repeats the decision, which finds the event muted again.
     */
    public void drop(Group group, EventRecord event) {
        group.drop(event);
    }

    /** Lists a waiting event that was not taken out, when events before it were: see {@link Group#relist}. */
    public void relist(Group group, EventRecord event) {
        group.relist(event);
    }

    /** Decides the group's next notification, and rewrites its journal as its state. */
    public Flush flush(Group group, Flush.Kind kind, Instant now) {
        Flush flush = group.flush(kind, now);
        save(group);
        return flush;
    }

    /** Rewrites the group's journal as its state. */
    public void save(Group group) {
        journals.get(group).rewrite(JournalEntry.state(group.state()));
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
