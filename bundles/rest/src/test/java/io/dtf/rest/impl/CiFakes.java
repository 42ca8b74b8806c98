package io.dtf.rest.impl;

import io.dtf.api.ci.CIJobTokens;
import io.dtf.api.ci.CIReport;
import io.dtf.api.ci.CIReports;
import io.dtf.api.task.RunId;
import io.dtf.notify.api.Matcher;
import io.dtf.notify.api.Silence;
import io.dtf.notify.api.Silences;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The CI reports bundle's services as the API sees them. */
final class CiFakes {
    private CiFakes() {
    }

    /** Reports given by the test; a resend answers the report given for the run, or refuses as the bundle does. */
    static final class Reports implements CIReports {
        final List<CIReport> recent = new ArrayList<>();

        @Override
        public synchronized List<CIReport> recent(int limit) {
            return List.copyOf(recent.subList(0, Math.min(limit, recent.size())));
        }

        @Override
        public synchronized CIReport resend(RunId run) {
            return recent.stream().filter(r -> r.run().equals(run)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("run " + run.value() + " carries no CI context: it reports nowhere"));
        }
    }

    /** Tokens in a map. */
    static final class Tokens implements CIJobTokens {
        final Map<RunId, String> held = new ConcurrentHashMap<>();

        @Override
        public void hold(RunId run, String token) {
            held.put(run, token);
        }

        @Override
        public Optional<String> forRun(RunId run) {
            return Optional.ofNullable(held.get(run));
        }

        @Override
        public void release(RunId run) {
            held.remove(run);
        }
    }

    /** Silences in a list, as the notification system keeps them. */
    static final class ListedSilences implements Silences {
        final List<Silence> all = new ArrayList<>();

        @Override
        public synchronized Silence add(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                                        String comment) {
            Silence silence = new Silence("s" + (all.size() + 1), matchers, startsAt, endsAt, createdBy, comment);
            all.add(silence);
            return silence;
        }

        @Override
        public synchronized List<Silence> list(boolean expired) {
            Instant now = Instant.now();
            return all.stream().filter(s -> expired || s.endsAt().isAfter(now)).toList();
        }

        @Override
        public synchronized Optional<Silence> expire(String id) {
            for (int i = 0; i < all.size(); i++) {
                Silence s = all.get(i);
                if (s.id().equals(id)) {
                    Instant now = Instant.now();
                    Silence ended = new Silence(s.id(), s.matchers(), s.startsAt().isBefore(now) ? s.startsAt()
                            : now.minusSeconds(1), now, s.createdBy(), s.comment());
                    all.set(i, ended);
                    return Optional.of(ended);
                }
            }
            return Optional.empty();
        }
    }
}
