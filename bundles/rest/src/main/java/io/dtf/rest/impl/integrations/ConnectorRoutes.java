package io.dtf.rest.impl.integrations;

import io.dtf.api.DtfException;
import io.dtf.api.connector.Connectors;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.NotificationChannel;
import io.dtf.api.notify.NotificationChannels;
import io.dtf.api.notify.Severity;
import io.dtf.rest.impl.http.Exchange;
import io.dtf.rest.impl.http.Ids;
import io.dtf.rest.impl.http.Limits;
import io.dtf.rest.impl.http.RequiredService;
import io.dtf.rest.impl.http.Role;
import io.dtf.rest.impl.http.Router;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connectors ({@code dtf:connectors}, {@code dtf:connector-test}): the configured instances with their state,
 * capabilities and configuration (secrets masked by the lookup), and a check of one: a notification channel gets a
 * test message, any other connector connects.
 */
public record ConnectorRoutes(Integrations integrations, Limits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRoutes.class);
    static final long TEST_TIMEOUT_SECONDS = 60;

    public void addTo(Router router) {
        long body = limits.maxBodyBytes();
        router.add("GET", Router.V1 + "/connectors", Role.VIEWER, body, Set.of(), this::list)
                .add("POST", Router.V1 + "/connectors/{name}/test", Role.ADMIN, body, Set.of(), this::test);
    }

    private RequiredService<Connectors> connectors() {
        return new RequiredService<>(integrations.connectors(), "the coordinator is not running");
    }

    private void list(Exchange ex) throws IOException {
        ex.query().check();
        ex.ok(connectors().get().all());
    }

    /** The outcome of the check: {@code {"name", "check": "message"|"connection", "result": {...}}}. */
    private void test(Exchange ex) throws IOException {
        String name = ex.path("name", Ids::name);
        ex.query().check();
        NotificationChannels channels = integrations.channels().get();
        Optional<NotificationChannel> channel = channels == null ? Optional.empty() : channels.byName(name);
        CompletableFuture<ExternalSystemResult> check;
        String kind;
        if (channel.isPresent()) {
            kind = "message";
            check = channel.get().send(Notification.builder("DTF test message", Severity.INFO)
                    .text("This is a test of the notification channel **" + name + "**, sent over DTF's REST API.")
                    .field("channel", name).build());
        } else {
            ExternalSystemConnector connector = connectors().get().byName(name)
                    .orElseThrow(() -> DtfException.notFound("connector", name));
            kind = "connection";
            check = connector.connect();
        }
        ExternalSystemResult result;
        try {
            result = check.get(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            result = ExternalSystemResult.unavailable("timeout", "no answer within " + TEST_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            result = ExternalSystemResult.failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking " + name, e);
        }
        LOG.info("Connector {} checked over REST by the {}: {}", name, ex.caller.name(), result.describe());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", name);
        answer.put("check", kind);
        answer.put("result", result);
        ex.ok(answer);
    }
}
