package io.dtf.notify.impl.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dtf.notify.impl.config.InhibitRule;
import io.dtf.notify.impl.files.DataFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events seen that inhibit others (a failed run), by rule and the values of the rule's {@code equal} labels, for
 * {@link #KEPT}; kept in the data area ({@value #FILE}) so that a restart does not let the task failures of a run
 * that already failed through. Not thread safe: its owner guards it.
 */
public final class Inhibitions {
    static final String FILE = "inhibitors.json";
    static final Duration KEPT = Duration.ofHours(24);
    static final int MAX_KEPT = 10_000;

    /** An event that inhibits: its labels and when it was seen. */
    public record Source(Map<String, String> labels, Instant at) {
    }

    private final DataFiles files;
    private final Map<String, Source> sources;

    public Inhibitions(DataFiles files) {
        this.files = files;
        this.sources = new LinkedHashMap<>(files.read(FILE, new TypeReference<Map<String, Source>>() { })
                .orElse(Map.of()));
    }

    /** Remembers the event for each rule that makes it a source; written before the event is acknowledged. */
    public void seen(Map<String, String> labels, Instant now, List<InhibitRule> rules) {
        boolean changed = false;
        for (InhibitRule rule : rules) {
            if (rule.isSource(labels) && !sources.containsKey(key(rule, labels))) {
                sources.put(key(rule, labels), new Source(labels, now));
                changed = true;
            }
        }
        if (changed) {
            sources.values().removeIf(s -> s.at().plus(KEPT).isBefore(now));
            var oldest = sources.keySet().iterator();
            while (sources.size() > MAX_KEPT) {
                oldest.next();
                oldest.remove();
            }
            files.write(FILE, sources);
        }
    }

    /** Whether an inhibiting event was seen: when none was, nothing is inhibited. */
    public boolean any() {
        return !sources.isEmpty();
    }

    /** Why an event with these labels is muted (the rule and its source), if it is. */
    public Optional<String> muting(Map<String, String> labels, List<InhibitRule> rules) {
        for (InhibitRule rule : rules) {
            if (!rule.target().stream().allMatch(m -> m.matches(labels))) {
                continue;
            }
            Source source = sources.get(key(rule, labels));
            if (source != null && rule.mutes(source.labels(), labels)) {
                return Optional.of(rule.id() + ": " + source.labels().getOrDefault("type", "an event") + " of run "
                        + source.labels().getOrDefault("run", "?") + " (state "
                        + source.labels().getOrDefault("state", "?") + ")");
            }
        }
        return Optional.empty();
    }

    /** A source's place: the rule and the values of its {@code equal} labels. */
    private static String key(InhibitRule rule, Map<String, String> labels) {
        StringBuilder key = new StringBuilder(rule.id());
        for (String name : rule.equal()) {
            key.append('\u0000').append(labels.getOrDefault(name, ""));
        }
        return key.toString();
    }
}
