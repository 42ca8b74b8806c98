package io.dtf.connector.slack.impl;

import io.dtf.api.connector.ConfigValues;
import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.InstanceName;
import io.dtf.api.connector.ItemAction;
import io.dtf.api.connector.ItemRef;
import io.dtf.api.connector.RateLimit;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.NotificationChannel;
import io.dtf.http.HttpAuth;
import io.dtf.http.HttpTime;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.Secrets;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Slack destination, as a connector and a notification channel at once (one component per factory configuration
 * {@code etc/io.dtf.connector.slack-<name>.cfg}, so that the configuration {@code team} is the connector and the
 * channel {@code team}).
 *
 * <p>With a bot token it uses the Web API: notifications are Block Kit messages ({@link BlockKit}) posted with
 * {@code chat.postMessage}, and the follow-ups of a notification group are replies in its first message's thread
 * ({@link Threads}); operations {@code post_message}, {@code update_message} ({@code chat.update}) and
 * {@code add_reaction} ({@code reactions.add}); {@code connect} and {@code systemInfo} call {@code auth.test}. With an
 * incoming webhook URL instead, it posts the same messages to the webhook ({@link IncomingWebhook}), without threads.
 * Messages to one channel keep Slack's limit of about one a second ("Rate limits",
 * https://api.slack.com/apis/rate-limits); a longer wait than the configured one goes back as {@code RATE_LIMITED}.
 */
@Component(service = {ExternalSystemConnector.class, NotificationChannel.class}, configurationPid = SlackConnector.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {ExternalSystemConnector.TYPE + "=slack", NotificationChannel.PROPERTY + "=slack"})
@Designate(ocd = SlackConfig.class, factory = true)
public class SlackConnector implements ExternalSystemConnector, NotificationChannel {
    static final String PID = "io.dtf.connector.slack";
    static final String SLACK_API = "https://slack.com/api";
    static final String POST_MESSAGE = "post_message";
    static final String UPDATE_MESSAGE = "update_message";
    static final String ADD_REACTION = "add_reaction";
    private static final Logger LOG = LoggerFactory.getLogger(SlackConnector.class);

    private final AtomicBoolean connected = new AtomicBoolean();
    private JsonHttpClient http;
    /** The Web API with a bot token, else {@code null}. */
    private WebApi api;
    /** The incoming webhook, else {@code null}. */
    private IncomingWebhook webhook;
    private String channel;
    private Map<String, Object> author;
    private Threads threads;
    private ConnectorCapabilities capabilities;
    /** The workspace's URL, from {@code auth.test}: the base of messages' permalinks. */
    private volatile URI teamUrl;

    @Activate
    void activate(SlackConfig config, Map<String, Object> properties, BundleContext context) {
        String name = InstanceName.of(properties, ExternalSystemConnector.NAME, ExternalSystemConnector.TYPE);
        File data = context.getDataFile(threadFileName(name));
        if (data == null) {
            LOG.warn("Slack connector '{}': the framework gives no data area, so a restart forgets the threads of "
                    + "notification groups", name);
        }
        activate(config, properties, null, data == null ? null : data.toPath());
    }

    /**
     * For tests: the HTTP client's time, so that waits are measured, not waited for ({@code null} for the system's),
     * and the file the threads are kept in ({@code null} for none).
     */
    void activate(SlackConfig config, Map<String, Object> properties, HttpTime time, Path threadFile) {
        String name = InstanceName.of(properties, ExternalSystemConnector.NAME, ExternalSystemConnector.TYPE);
        String token = resolved(config._botToken());
        String webhookUrl = resolved(config._webhookUrl());
        if (token.isEmpty() == webhookUrl.isEmpty()) {
            throw new IllegalArgumentException(PID + " '" + name + "': give either .botToken (a bot token xoxb-... with "
                    + "channel) or .webhookUrl (an incoming webhook URL), " + (token.isEmpty() ? "not neither (an "
                    + "unset ${env:NAME} leaves a key empty)" : "not both"));
        }
        RateLimit perChannel = RateLimit.perSecond(ConfigValues.atLeast(PID, "messagesPerSecond", config.messagesPerSecond(), 1));
        JsonHttpClient.Builder builder;
        if (!token.isEmpty()) {
            channel = config.channel() == null ? "" : config.channel().strip();
            if (channel.isEmpty()) {
                throw new IllegalArgumentException(PID + " '" + name + "': channel is required with .botToken: the "
                        + "channel's id (C0123456789) or name (#qa)");
            }
            builder = JsonHttpClient.builder(httpUrl(config.apiUrl() == null || config.apiUrl().isBlank() ? SLACK_API
                    : config.apiUrl().strip(), "apiUrl", "the Web API's URL, https://slack.com/api"))
                    .auth(HttpAuth.bearer(Secrets.register(token)))
                    .rateLimit(RateLimit.perMinute(ConfigValues.atLeast(PID, "callsPerMinute", config.callsPerMinute(), 1)))
                    .rateLimit("slack:" + channel, perChannel);
        } else {
            Secrets.register(webhookUrl);
            builder = JsonHttpClient.builder(httpUrl(webhookUrl, ".webhookUrl",
                    "an incoming webhook's URL, https://hooks.slack.com/services/...")).secretPath()
                    .rateLimit(IncomingWebhook.TARGET, perChannel);
        }
        builder.responseTimeout(Duration.ofSeconds(ConfigValues.atLeast(PID, "timeoutSeconds", config.timeoutSeconds(), 1)))
                .maxRateLimitWait(Duration.ofSeconds(ConfigValues.atLeast(PID, "maxRateLimitWaitSeconds", config.maxRateLimitWaitSeconds(), 0)))
                .userAgent("dtf-connector-slack/1");
        if (time != null) {
            builder.time(time);
        }
        author = author(config);
        http = builder.build();
        threads = new Threads(ConfigValues.atLeast(PID, "threadCacheSize", config.threadCacheSize(), 1),
                Duration.ofDays(ConfigValues.atLeast(PID, "threadDays", config.threadDays(), 1)), time == null ? Instant::now : time::now,
                token.isEmpty() || threadFile == null ? null : new ThreadFile(threadFile, channel));
        if (!token.isEmpty()) {
            api = new WebApi(http);
            capabilities = ConnectorCapabilities.builder().operations(POST_MESSAGE, UPDATE_MESSAGE, ADD_REACTION)
                    .item("message", ItemAction.CREATE, ItemAction.UPDATE).rateLimit(perChannel).build();
            LOG.info("Slack connector '{}' posts to channel {} through {}", name, channel, Secrets.redact(http.baseUrl().toString()));
        } else {
            webhook = new IncomingWebhook(http);
            capabilities = ConnectorCapabilities.builder().operations(POST_MESSAGE).item("message", ItemAction.CREATE)
                    .rateLimit(perChannel).build();
            LOG.info("Slack connector '{}' posts to an incoming webhook on {}", name, http.baseUrl().getHost());
        }
    }

    @Deactivate
    void deactivate() {
        if (http != null) {
            http.close();
        }
    }

    @Override
    public ConnectorCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public CompletableFuture<ExternalSystemResult> connect() {
        return systemInfo();
    }

    @Override
    public boolean isConnected() {
        return connected.get();
    }

    /** With a bot token, {@code auth.test}'s answer; with a webhook, what the configuration says (no call can ask). */
    @Override
    public CompletableFuture<ExternalSystemResult> systemInfo() {
        if (api == null) {
            return CompletableFuture.completedFuture(ExternalSystemResult.ok(Map.of("product", "Slack",
                    "mode", "incoming_webhook", "host", http.baseUrl().getHost())));
        }
        return tracked(api.authTest()).thenApply(result -> {
            if (!result.success()) {
                return result;
            }
            Object url = result.data().get("url");
            if (url != null) {
                teamUrl = URI.create(url.toString().endsWith("/") ? url.toString() : url + "/");
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("product", "Slack");
            data.put("mode", "bot_token");
            data.put("channel", channel);
            data.putAll(result.data());
            return ExternalSystemResult.ok(data);
        });
    }

    @Override
    public CompletableFuture<ExternalSystemResult> send(Notification notification) {
        Map<String, Object> message = BlockKit.message(notification);
        if (webhook != null) {
            return tracked(webhook.post(message));
        }
        if (notification.groupKey() == null) {
            return post(message, null);
        }
        return threads.send(notification.groupKey(), notification.id(), thread -> post(message, thread));
    }

    /**
     * {@code post_message} ({@code channel} (default: the configured one), {@code text} and/or {@code blocks},
     * {@code thread_ts}), {@code update_message} ({@code channel}, {@code ts}, {@code text} and/or {@code blocks}),
     * {@code add_reaction} ({@code channel}, {@code timestamp} or {@code ts}, {@code name}: an emoji without colons).
     */
    @Override
    public CompletableFuture<ExternalSystemResult> executeOperation(String operation, Map<String, Object> parameters) {
        Map<String, Object> given = parameters == null ? Map.of() : parameters;
        if (!capabilities.supports(operation)) {
            return done(ExternalSystemResult.unsupported(operation + (webhook != null ? " with an incoming webhook" : "")));
        }
        return switch (operation) {
            case POST_MESSAGE -> postMessage(given);
            case UPDATE_MESSAGE -> updateMessage(given);
            default -> addReaction(given);
        };
    }

    /** A {@code message}: {@link #executeOperation post_message} with these fields. */
    @Override
    public CompletableFuture<ExternalSystemResult> createItem(String type, Map<String, Object> fields) {
        if (!"message".equals(type)) {
            return done(ExternalSystemResult.unsupported("createItem(" + type + ")"));
        }
        return postMessage(fields == null ? Map.of() : fields);
    }

    /** A {@code message} by its {@code ts}: {@link #executeOperation update_message} with these fields. */
    @Override
    public CompletableFuture<ExternalSystemResult> updateItem(ItemRef item, Map<String, Object> fields) {
        if (!capabilities.supports(item.type(), ItemAction.UPDATE)) {
            return done(ExternalSystemResult.unsupported("updateItem(" + item.type() + ")"));
        }
        Map<String, Object> update = new LinkedHashMap<>(fields == null ? Map.of() : fields);
        update.put("ts", item.id());
        return updateMessage(update);
    }

    private CompletableFuture<ExternalSystemResult> postMessage(Map<String, Object> given) {
        if (given.get("text") == null && given.get("blocks") == null) {
            return done(ExternalSystemResult.rejected("invalid_parameters", "post_message needs text or blocks"));
        }
        if (webhook != null) {
            if (given.containsKey("channel") || given.containsKey("thread_ts")) {
                return done(ExternalSystemResult.rejected("invalid_parameters", "an incoming webhook posts to its own "
                        + "channel and cannot reply in threads: leave out channel and thread_ts"));
            }
            return tracked(webhook.post(content(given)));
        }
        Map<String, Object> message = content(given);
        Object threadTs = given.get("thread_ts");
        if (threadTs != null) {
            message.put("thread_ts", threadTs.toString());
        }
        String target = text(given.get("channel"), channel);
        message.put("channel", target);
        message.putAll(author);
        return tracked(api.postMessage(message, target, teamUrl));
    }

    private CompletableFuture<ExternalSystemResult> updateMessage(Map<String, Object> given) {
        String ts = text(given.get("ts"), null);
        if (ts == null || given.get("text") == null && given.get("blocks") == null) {
            return done(ExternalSystemResult.rejected("invalid_parameters", "update_message needs ts and text or blocks"));
        }
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("channel", text(given.get("channel"), channel));
        update.put("ts", ts);
        update.putAll(content(given));
        return tracked(api.update(update, teamUrl));
    }

    private CompletableFuture<ExternalSystemResult> addReaction(Map<String, Object> given) {
        String timestamp = text(given.get("timestamp"), text(given.get("ts"), null));
        String name = text(given.get("name"), null);
        if (timestamp == null || name == null) {
            return done(ExternalSystemResult.rejected("invalid_parameters", "add_reaction needs timestamp (the message's "
                    + "ts) and name (an emoji without colons, e.g. white_check_mark)"));
        }
        Map<String, Object> reaction = new LinkedHashMap<>();
        reaction.put("channel", text(given.get("channel"), channel));
        reaction.put("name", name.replace(":", ""));
        reaction.put("timestamp", timestamp);
        return tracked(api.addReaction(reaction));
    }

    /** A notification's message to the configured channel: a new one, or a reply in the thread given. */
    private CompletableFuture<ExternalSystemResult> post(Map<String, Object> content, Threads.Thread thread) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", thread == null ? channel : thread.channel());
        message.putAll(content);
        if (thread != null) {
            message.put("thread_ts", thread.ts());
        }
        message.putAll(author);
        return tracked(api.postMessage(message, channel, teamUrl));
    }

    /** The call's result, noting whether Slack was reached with good credentials ({@link #isConnected}). */
    private CompletableFuture<ExternalSystemResult> tracked(CompletableFuture<ExternalSystemResult> call) {
        return call.whenComplete((result, failure) -> {
            if (result != null && result.success()) {
                connected.set(true);
            } else if (result == null || result.status() == ExternalSystemResult.Status.UNAVAILABLE
                    || WebApi.authFailure(result)) {
                connected.set(false);
            }
        });
    }

    private static Map<String, Object> content(Map<String, Object> given) {
        Map<String, Object> content = new LinkedHashMap<>();
        for (String key : List.of("text", "blocks")) {
            if (given.get(key) != null) {
                content.put(key, given.get(key));
            }
        }
        return content;
    }

    /** The configured user name and icon, as chat.postMessage takes them. */
    private static Map<String, Object> author(SlackConfig config) {
        Map<String, Object> author = new LinkedHashMap<>();
        if (config.username() != null && !config.username().isBlank()) {
            author.put("username", config.username().strip());
        }
        String icon = config.icon() == null ? "" : config.icon().strip();
        if (icon.startsWith(":") && icon.endsWith(":") && icon.length() > 2) {
            author.put("icon_emoji", icon);
        } else if (!icon.isEmpty()) {
            author.put("icon_url", httpUrl(icon, "icon", "an emoji (:robot_face:) or an image's http(s) URL").toString());
        }
        return author;
    }

    private static String text(Object value, String otherwise) {
        return value == null || value.toString().isBlank() ? otherwise : value.toString().strip();
    }

    /** A secret's value, {@code ${env:NAME}} resolved (Karaf resolves it before; a test or another runtime may not). */
    private static String resolved(String value) {
        String resolved = Secrets.resolve(value, System::getenv);
        return resolved == null ? "" : resolved.strip();
    }

    private static URI httpUrl(String value, String key, String what) {
        try {
            URI uri = URI.create(value);
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException bad) {
            // neither the value nor the parser's message (which quotes it) is shown: it may be a secret (.webhookUrl)
            throw new IllegalArgumentException(PID + ": " + key + " must be " + what);
        }
    }



    /** The file an instance keeps its threads in: one per instance, named after it (safely for any file system). */
    static String threadFileName(String instance) {
        return "slack-threads-" + instance.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
    }

    private static CompletableFuture<ExternalSystemResult> done(ExternalSystemResult result) {
        return CompletableFuture.completedFuture(result);
    }
}
