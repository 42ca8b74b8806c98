package io.dtf.notify.impl.groups;

import io.dtf.api.notify.Severity;
import io.dtf.notify.impl.events.EventRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a message tells of events beyond those it lists: how many, of which types, the highest severity, the values of
 * {@link #COMMON_LABELS} all of them share, and the first link. Exact however many events a group takes, in constant
 * space; an event taken out lowers the counts, and leaves the rest as it was.
 *
 * @param events how many events
 * @param byType how many of each type, in the order the types came
 * @param severity the highest severity, or {@code null} for none
 * @param common the {@link #COMMON_LABELS} that every event has, with the same value
 * @param link the first event's link to DTF that has one, or {@code null}
 */
public record Tally(long events, Map<String, Long> byType, Severity severity, Map<String, String> common, String link) {
    /** The labels a message shows when all its events share them. */
    public static final List<String> COMMON_LABELS = List.of("run", "run_name", "repository", "branch");
    public static final Tally NONE = new Tally(0, Map.of(), null, Map.of(), null);

    public Tally {
        byType = byType == null ? Map.of() : new LinkedHashMap<>(byType);
        common = common == null ? Map.of() : Map.copyOf(common);
    }

    /** With one more event. */
    public Tally plus(EventRecord event) {
        Map<String, Long> types = new LinkedHashMap<>(byType);
        types.merge(event.type(), 1L, Long::sum);
        Map<String, String> shared = new LinkedHashMap<>();
        for (String label : COMMON_LABELS) {
            String value = event.labels().get(label);
            if (value != null && (events == 0 || value.equals(common.get(label)))) {
                shared.put(label, value);
            }
        }
        Severity highest = severity == null || event.severity().compareTo(severity) > 0 ? event.severity() : severity;
        return new Tally(events + 1, types, highest, shared, link != null ? link : event.link());
    }

    /** With one event fewer: its type's count goes down; what the others share is not known better than before. */
    public Tally minus(EventRecord event) {
        if (events <= 1) {
            return NONE;
        }
        Map<String, Long> types = new LinkedHashMap<>(byType);
        types.computeIfPresent(event.type(), (type, count) -> count > 1 ? count - 1 : null);
        return new Tally(events - 1, types, severity, common, link);
    }

    /** The highest severity, {@code INFO} for none. */
    public Severity highest() {
        return Objects.requireNonNullElse(severity, Severity.INFO);
    }
}
