package io.dtf.ci.reports.impl;

import io.dtf.api.ci.CIJobTokens;
import io.dtf.api.task.RunId;
import io.dtf.http.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * The CI job tokens forwarded with runs, in memory only. A job's token lives no longer than its job (GitHub's
 * {@code GITHUB_TOKEN} expires when the job ends, at most 24 hours), so one held longer than {@link #LIFETIME} is
 * of no use and is dropped; a run's token also goes when its report at its end was made. Every token is registered
 * with {@link Secrets}, so that no log line or error message shows it.
 */
@Component(service = CIJobTokens.class)
public final class JobTokenHolder implements CIJobTokens {
    static final Duration LIFETIME = Duration.ofHours(24);
    static final int MAX_TOKENS = 10_000;

    private record Held(String token, Instant until) {
    }

    private final Map<RunId, Held> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    public JobTokenHolder() {
        this(Clock.systemUTC());
    }

    JobTokenHolder(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void hold(RunId run, String token) {
        Objects.requireNonNull(run, "run");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a forwarded CI job token must not be empty");
        }
        Secrets.register(token);
        dropExpired();
        if (tokens.size() >= MAX_TOKENS) {
            throw new IllegalStateException("too many forwarded CI job tokens held (" + MAX_TOKENS + ")");
        }
        tokens.put(run, new Held(token, clock.instant().plus(LIFETIME)));
    }

    @Override
    public Optional<String> forRun(RunId run) {
        Held held = tokens.get(run);
        if (held == null) {
            return Optional.empty();
        }
        if (held.until().isBefore(clock.instant())) {
            if (tokens.remove(run, held)) {
                Secrets.unregister(held.token());
            }
            return Optional.empty();
        }
        return Optional.of(held.token());
    }

    @Override
    public void release(RunId run) {
        Held held = tokens.remove(run);
        if (held != null) {
            Secrets.unregister(held.token());
        }
    }

    private void dropExpired() {
        Instant now = clock.instant();
        for (Iterator<Held> it = tokens.values().iterator(); it.hasNext(); ) {
            Held held = it.next();
            if (held.until().isBefore(now)) {
                it.remove();
                Secrets.unregister(held.token());
            }
        }
    }

    /** How many tokens are held (for listings: never the tokens). */
    int size() {
        return tokens.size();
    }
}
