package io.dtf.notify.impl.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dtf.notify.api.Matcher;
import io.dtf.notify.api.Silence;
import io.dtf.notify.api.Silences;
import io.dtf.notify.impl.files.DataFiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The silences, kept in the data area ({@value #FILE}, written whole and atomically on every change) so that they
 * survive restarts. Silences over for more than {@link #KEPT_AFTER_END} are forgotten. Thread safe.
 */
public final class SilenceStore implements Silences {
    static final String FILE = "silences.json";
    static final Duration KEPT_AFTER_END = Duration.ofDays(7);

    private final DataFiles files;
    private final Clock clock;
    private final List<Silence> silences;

    public SilenceStore(DataFiles files, Clock clock) {
        this.files = files;
        this.clock = clock;
        this.silences = new ArrayList<>(files.read(FILE, new TypeReference<List<Silence>>() { }).orElse(List.of()));
    }

    @Override
    public synchronized Silence add(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                                    String comment) {
        Instant now = clock.instant();
        if (endsAt != null && !endsAt.isAfter(now)) {
            throw new IllegalArgumentException("a silence must end in the future, not at " + endsAt);
        }
        Silence silence = new Silence(UUID.randomUUID().toString(), matchers == null ? List.of() : matchers,
                startsAt == null ? now : startsAt, endsAt, createdBy == null ? "" : createdBy,
                comment == null ? "" : comment);
        silences.add(silence);
        save(now);
        return silence;
    }

    @Override
    public synchronized List<Silence> list(boolean expired) {
        Instant now = clock.instant();
        return silences.stream().filter(s -> expired || s.endsAt().isAfter(now))
                .sorted(Comparator.comparing(Silence::startsAt).reversed()).toList();
    }

    @Override
    public synchronized Optional<Silence> expire(String id) {
        Instant now = clock.instant();
        for (int i = 0; i < silences.size(); i++) {
            Silence s = silences.get(i);
            if (s.id().equals(id)) {
                if (s.endsAt().isAfter(now)) {
                    Instant start = s.startsAt().isBefore(now) ? s.startsAt() : now.minusMillis(1);
                    s = new Silence(s.id(), s.matchers(), start, now, s.createdBy(), s.comment());
                    silences.set(i, s);
                    save(now);
                }
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether a silence is in force now: when none is, nothing needs to be checked against them. */
    public synchronized boolean anyActive(Instant now) {
        return silences.stream().anyMatch(s -> s.activeAt(now));
    }

    /** The silence that mutes these labels now, if any. */
    public synchronized Optional<Silence> muting(Map<String, String> labels, Instant now) {
        return silences.stream().filter(s -> s.mutes(labels, now)).findFirst();
    }

    private void save(Instant now) {
        silences.removeIf(s -> s.endsAt().plus(KEPT_AFTER_END).isBefore(now));
        files.write(FILE, silences);
    }
}
