package io.dtf.rest.impl.integrations;

import io.dtf.api.DtfException;
import io.dtf.notify.api.Matcher;
import io.dtf.notify.api.NotificationLog;
import io.dtf.notify.api.Silence;
import io.dtf.notify.api.Silences;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.Query;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.RestError;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification system ({@code dtf:notifications}, {@code dtf:silence}): its delivery log with counts and the
 * routing file in force; silences listed, added and expired.
 */
public record NotificationRoutes(Integrations integrations, Limits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationRoutes.class);
    static final String NOT_RUNNING = "the notification system (io.dtf.notify, feature dtf-notify) is not running";

    /** The body of {@code POST /silences}: matchers ({@code branch=main}, {@code run_name=~nightly.*}), how long, why. */
    public record NewSilence(List<String> matchers, String duration, String comment) {
    }

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        router.add("GET", Router.V1 + "/notifications", Role.VIEWER, body, Set.of("limit"), this::log)
                .add("GET", Router.V1 + "/silences", Role.VIEWER, body, Set.of("expired"), this::silences)
                .add("POST", Router.V1 + "/silences", Role.ADMIN, body, Set.of(), this::addSilence)
                .add("DELETE", Router.V1 + "/silences/{id}", Role.ADMIN, body, Set.of(), this::expire);
    }

    /** {@code GET /notifications[?limit=N]}: {@code routing}, {@code counters}, {@code pendingGroups}, {@code deliveries}. */
    private void log(Exchange ex) throws IOException {
        Query q = ex.query();
        int limit = q.single("limit") == null ? 100 : q.integer("limit", 1, 1000, 100);
        q.check();
        NotificationLog log = new RequiredService<>(integrations.notificationLog(), NOT_RUNNING).get();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("routing", log.routingStatus());
        answer.put("counters", log.counters());
        answer.put("pendingGroups", log.pendingGroups());
        answer.put("deliveries", log.recent(limit));
        ex.ok(answer);
    }

    private void silences(Exchange ex) throws IOException {
        Query q = ex.query();
        boolean expired = "true".equals(q.single("expired"));
        q.check();
        ex.ok(silences().list(expired));
    }

    private void addSilence(Exchange ex) throws IOException {
        ex.query().check();
        NewSilence wanted = ex.json(NewSilence.class);
        if (wanted.matchers() == null || wanted.matchers().isEmpty()) {
            throw RestError.invalid("matchers", "a silence needs at least one matcher, e.g. branch=main");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (String text : wanted.matchers()) {
            try {
                matchers.add(Matcher.parse(text));
            } catch (IllegalArgumentException e) {
                throw RestError.invalid("matchers", e.getMessage());
            }
        }
        Duration lasting = duration(wanted.duration());
        Instant now = Instant.now();
        Silence silence = silences().add(matchers, now, now.plus(lasting), ex.caller.name(),
                wanted.comment() == null ? "" : wanted.comment());
        LOG.info("Silence {} added over REST by the {} until {}", silence.id(), ex.caller.name(), silence.endsAt());
        ex.ok(silence);
    }

    private void expire(Exchange ex) throws IOException {
        String id = ex.path("id", value -> value);
        ex.query().check();
        Silence expired = silences().expire(id).orElseThrow(() -> DtfException.notFound("silence", id));
        LOG.info("Silence {} expired over REST by the {}", id, ex.caller.name());
        ex.ok(expired);
    }

    private Silences silences() {
        return new RequiredService<>(integrations.silences(), NOT_RUNNING).get();
    }

    /** {@code 30m}, {@code 2h}, {@code 1d} or ISO 8601 ({@code PT2H}); two hours when absent. */
    static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ofHours(2);
        }
        String t = text.strip();
        try {
            Duration d = t.matches("\\d+[smhd]") ? switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
                case 'm' -> Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
                case 'h' -> Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
                default -> Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
            } : Duration.parse(t);
            if (d.isNegative() || d.isZero()) {
                throw RestError.invalid("duration", "must be positive, not '" + text + "'");
            }
            return d;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw RestError.invalid("duration", "must be a duration such as 30m, 2h, 1d or PT2H, not '" + text + "'");
        }
    }
}
