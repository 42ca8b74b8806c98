package io.dtf.rest.impl;

import io.dtf.api.ci.CIJobTokens;
import io.dtf.api.ci.CIReport;
import io.dtf.api.ci.CIReports;
import io.dtf.api.task.RunId;
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
}
