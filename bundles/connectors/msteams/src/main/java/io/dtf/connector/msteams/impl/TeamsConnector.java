package io.dtf.connector.msteams.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.connector.ConfigValues;
import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.ExternalSystemResult.Status;
import io.dtf.api.connector.InstanceName;
import io.dtf.api.connector.ItemAction;
import io.dtf.api.connector.RateLimit;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.NotificationChannel;
import io.dtf.http.ExternalResults;
import io.dtf.http.HttpTime;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts to a Microsoft Teams channel through a Workflows webhook, one instance per factory configuration
 * ({@code etc/io.dtf.connector.msteams-<name>.cfg}); the connector and the notification channel of that name. Office
 * 365 connectors (incoming webhooks) are retired; the Workflows template "Post to a channel when a webhook request is
 * received" takes the same message with an Adaptive Card ({@link AdaptiveCards}) and answers 202 Accepted.
 *
 * <ul>
 *   <li>{@link #send}: a notification as a card, trimmed to Teams' 28 KB a message;</li>
 *   <li>{@code post_card} ({@code card}: an Adaptive Card as a map): that card as it is; one over 28 KB is refused;</li>
 *   <li>{@code createItem("message", {title, text, severity, fields, links})}: a notification made of the fields.</li>
 * </ul>
 * A webhook has no call that reads: {@link #connect} checks the configuration only, and whether Teams takes the
 * URL shows at the first post. A 202 says the flow started, not that it posted: a flow that fails later (its owner
 * left, the channel is gone) shows in the flow's run history only.
 */
@Component(service = {ExternalSystemConnector.class, NotificationChannel.class}, configurationPid = TeamsConnector.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {ExternalSystemConnector.TYPE + "=" + TeamsConnector.TYPE, NotificationChannel.PROPERTY + "=" + TeamsConnector.TYPE})
@Designate(ocd = TeamsConfig.class, factory = true)
public class TeamsConnector implements ExternalSystemConnector, NotificationChannel {
    static final String TYPE = "msteams";
    static final String PID = ExternalSystemConnector.PID_PREFIX + TYPE;
    static final String POST_CARD = "post_card";
    static final String NO_READ_CALL = "a Workflows webhook has no read call: connect checks the configuration only, "
            + "and whether Teams takes the URL shows at the first post";
    private static final Logger LOG = LoggerFactory.getLogger(TeamsConnector.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonHttpClient http;
    private URI webhook;
    private RateLimit rateLimit;
    private volatile boolean connected;

    @Activate
    void activate(TeamsConfig config, Map<String, Object> properties) {
        activate(config, properties, null);
    }

    /** For tests: the HTTP client's time, so that waits are measured, not waited for; {@code null} for the system's. */
    void activate(TeamsConfig config, Map<String, Object> properties, HttpTime time) {
        String name = InstanceName.of(properties, ExternalSystemConnector.NAME, ExternalSystemConnector.TYPE);
        webhook = webhook(name, config._webhookUrl());
        rateLimit = RateLimit.perSecond(ConfigValues.atLeast(PID + " \'" + name + "\'", "requestsPerSecond", config.requestsPerSecond(), 1));
        if (config.maxRateLimitWaitSeconds() < 0) {
            throw new IllegalArgumentException(PID + " '" + name + "': maxRateLimitWaitSeconds must be 0 or more, not "
                    + config.maxRateLimitWaitSeconds());
        }
        JsonHttpClient.Builder builder = JsonHttpClient.builder(URI.create(webhook.getScheme() + "://" + webhook.getRawAuthority()))
                .rateLimit(rateLimit)
                .responseTimeout(Duration.ofSeconds(ConfigValues.atLeast(PID + " \'" + name + "\'", "timeoutSeconds", config.timeoutSeconds(), 1)))
                .maxRateLimitWait(Duration.ofSeconds(config.maxRateLimitWaitSeconds()))
                .userAgent("dtf-connector-msteams/1");
        if (time != null) {
            builder.time(time);
        }
        http = builder.build();
        String host = webhook.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith("webhook.office.com") || host.equals("outlook.office.com")) {
            LOG.warn("Teams connector {} posts to an Office 365 connector webhook: Microsoft retires these; make a "
                    + "Workflows webhook (\"Post to a channel when a webhook request is received\") and configure its URL", name);
        }
        LOG.info("Teams connector {} posts to a Workflows webhook on {}", name, webhook.getHost());
    }

    @Deactivate
    void deactivate() {
        if (http != null) {
            http.close();
        }
    }

    @Override
    public ConnectorCapabilities capabilities() {
        return ConnectorCapabilities.builder().operations(POST_CARD).item("message", ItemAction.CREATE)
                .rateLimit(rateLimit).build();
    }

    @Override
    public CompletableFuture<ExternalSystemResult> connect() {
        connected = true;
        return CompletableFuture.completedFuture(ExternalSystemResult.ok(Map.of("checked", NO_READ_CALL)));
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public CompletableFuture<ExternalSystemResult> systemInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("product", "Microsoft Teams (Workflows webhook)");
        info.put("host", webhook.getHost());
        info.put("messageLimitBytes", AdaptiveCards.MESSAGE_LIMIT);
        info.put("requestsPerSecond", rateLimit.permits());
        info.put("note", NO_READ_CALL);
        return CompletableFuture.completedFuture(ExternalSystemResult.ok(info));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> send(Notification notification) {
        AdaptiveCards.Message message = AdaptiveCards.message(notification);
        Map<String, Object> delivered = new LinkedHashMap<>();
        delivered.put("trimmed", message.trimmed());
        delivered.put("bytes", message.json().length);
        delivered.put("textLinesCut", message.textLinesCut());
        delivered.put("factsCut", message.factsCut());
        return post(message.json(), delivered);
    }

    @Override
    public CompletableFuture<ExternalSystemResult> executeOperation(String operation, Map<String, Object> parameters) {
        if (!POST_CARD.equals(operation)) {
            return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("the operation " + operation));
        }
        Object card = parameters == null ? null : parameters.get("card");
        if (!(card instanceof Map<?, ?> given) || !"AdaptiveCard".equals(given.get("type"))) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rejected("invalid_parameters",
                    "post_card: the parameter card is required: an Adaptive Card as a map with \"type\": \"AdaptiveCard\""));
        }
        @SuppressWarnings("unchecked")
        byte[] json = AdaptiveCards.carrying((Map<String, Object>) given);
        if (json.length > AdaptiveCards.MESSAGE_LIMIT) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rejected("too_large", "post_card: the card "
                    + "makes a message of " + json.length + " bytes; Teams takes at most 28 KB ("
                    + AdaptiveCards.MESSAGE_LIMIT + " bytes)"));
        }
        return post(json, Map.of("bytes", json.length));
    }

    @Override
    public CompletableFuture<ExternalSystemResult> createItem(String type, Map<String, Object> fields) {
        if (!"message".equals(type)) {
            return CompletableFuture.completedFuture(ExternalSystemResult.unsupported("createItem of " + type));
        }
        try {
            return send(Messages.notification(fields == null ? Map.of() : fields));
        } catch (IllegalArgumentException invalid) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rejected("invalid_parameters",
                    "createItem message: " + invalid.getMessage()));
        }
    }

    /** Posts a message; Teams answers 202 Accepted, or an error that {@link ExternalResults} maps. */
    private CompletableFuture<ExternalSystemResult> post(byte[] json, Map<String, Object> delivered) {
        return ExternalResults.of(() -> http.request("POST", webhook).body(json, "application/json").sendAsync(),
                        TeamsConnector::error)
                .thenApply(accepted -> ExternalSystemResult.ok(delivered))
                .exceptionally(ExternalSystemResult::failure)
                .thenApply(result -> {
                    connected = result.success() || result.status() == Status.RATE_LIMITED
                            || result.status() == Status.REJECTED && "http_400".equals(result.errorCode());
                    return result;
                });
    }

    /** What a Workflows error answer says: {@code {"error":{"code":"...","message":"..."}}}, or {@code null}. */
    static String error(String body) {
        try {
            JsonNode error = body == null || body.isBlank() ? null : JSON.readTree(body).get("error");
            if (error == null) {
                return null;
            }
            return error.isTextual() ? error.asText() : (error.path("code").asText("") + " "
                    + error.path("message").asText("")).strip();
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private static URI webhook(String name, String value) {
        // Karaf resolves ${env:NAME} before; a test or another runtime may not
        String resolved = Secrets.resolve(value, System::getenv);
        String url = resolved == null ? "" : resolved.strip();
        if (url.isEmpty()) {
            throw new IllegalArgumentException(PID + " '" + name + "': .webhookUrl is required: the HTTP URL of the "
                    + "Workflows flow \"Post to a channel when a webhook request is received\" (e.g. .webhookUrl = "
                    + "${env:DTF_TEAMS_WEBHOOK_URL}); an unset variable leaves it empty");
        }
        try {
            URI uri = URI.create(url);
            JsonHttpClient.builder(URI.create(uri.getScheme() + "://" + uri.getRawAuthority()));
            // the flow's id (path) and signature (query) are the credential: messages show the host only
            Secrets.register(uri.getRawPath());
            Secrets.register(uri.getRawQuery());
            return uri;
        } catch (IllegalArgumentException | NullPointerException bad) {
            throw new IllegalArgumentException(PID + " '" + name + "': .webhookUrl must be the https URL of a Workflows "
                    + "webhook, not " + Secrets.redact(url), bad);
        }
    }
}
