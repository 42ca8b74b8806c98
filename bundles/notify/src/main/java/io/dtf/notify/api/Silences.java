package io.dtf.notify.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The silences of the notification system, kept across restarts. Thread safe. */
@ProviderType
public interface Silences {
    /**
     * Adds a silence.
     *
     * @param startsAt from when; {@code null} for now
     * @throws IllegalArgumentException naming the problem: no matcher, an end not after the start
     */
    Silence add(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment);

    /** The silences, newest first: those in force or to come, and with {@code expired} also those over. */
    List<Silence> list(boolean expired);

    /** Ends a silence now; the silence as it now is, or empty when no silence has this id. */
    Optional<Silence> expire(String id);
}
