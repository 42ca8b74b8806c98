package org.example.dtf.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.Hook;
import io.dtf.api.plugin.HookFailure;
import io.dtf.api.plugin.Plugin;
import io.dtf.api.plugin.PluginType;
import io.dtf.http.DtfHttpException;
import io.dtf.http.HttpTransportException;
import io.dtf.http.JsonHttpClient;
import io.dtf.http.RateLimitExceededException;
import io.dtf.http.Secrets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a signed JSON summary ({@link RunSummaryPayload}) of each event it asks for, RUN_COMPLETED by default,
 * to a URL. One instance per factory configuration ({@code etc/org.example.dtf.webhook-<name>.cfg}).
 *
 * <p>It is a <em>durable</em> hook: DTF stores its events with the changes that cause them and calls it at
 * least once per event, in order within a run, until it returns; so a crash, a restart or an outage of the
 * receiver loses nothing. The event's id goes in {@code X-DTF-Event-Id}: the receiver acts once per id. A
 * refusal that trying again cannot fix (a 4xx other than 408, 425 and 429) is a permanent {@link HookFailure}:
 * DTF parks the event with the reason ({@code dtf:plugin-parked}) instead of trying for ten minutes.
 */
@Component(service = {Hook.class, Plugin.class}, configurationPid = WebhookNotifier.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {Hook.DELIVERY + "=" + Hook.DURABLE, Hook.CONCURRENCY + "=4", Hook.TIME_LIMIT + "=60s"})
@Designate(ocd = WebhookConfig.class, factory = true)
public class WebhookNotifier implements Hook, Plugin {
    static final String PID = "org.example.dtf.webhook";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private URI url;
    private byte[] secret;
    private Duration timeout;
    private JsonHttpClient http;
    private Clock clock = Clock.systemUTC();

    @Activate
    void activate(WebhookConfig config) {
        if (config._url() == null || config._url().isBlank()) {
            throw new IllegalArgumentException(PID + ": .url is required (e.g. .url = ${env:DTF_WEBHOOK_URL})");
        }
        if (config._secret() == null || config._secret().isBlank()) {
            throw new IllegalArgumentException(PID + ": .secret is required to sign the posts "
                    + "(e.g. .secret = ${env:DTF_WEBHOOK_SECRET})");
        }
        url = URI.create(config._url().strip());
        secret = Secrets.register(config._secret()).getBytes(StandardCharsets.UTF_8);
        timeout = Duration.ofSeconds(config.timeoutSeconds());
        // the URL's path may be a secret too (as Slack's and Teams' are): logs and errors show the host only
        http = JsonHttpClient.builder(URI.create(url.getScheme() + "://" + url.getRawAuthority()))
                .responseTimeout(timeout).userAgent("dtf-webhook-notifier/1.0").build();
        Secrets.register(url.getRawPath());
        LOG.info("Webhook notifier posts to {}", Secrets.redact(url.toString()));
    }

    @Deactivate
    void deactivate() {
        if (http != null) {
            http.close();
        }
    }

    @Override
    public String name() {
        return "webhook-notifier";
    }

    @Override
    public PluginType type() {
        return PluginType.NOTIFICATION;
    }

    @Override
    public void on(DtfEvent event) throws HookFailure {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(RunSummaryPayload.of(event));
        } catch (JsonProcessingException e) {
            throw HookFailure.permanent("the summary of " + event.id() + " is not JSON: " + e.getOriginalMessage(), e);
        }
        long timestamp = clock.instant().getEpochSecond();
        try {
            http.request("POST", url)
                    .header("X-DTF-Event-Id", event.id())
                    .header("X-DTF-Event-Type", event.type().name())
                    .header("X-DTF-Timestamp", Long.toString(timestamp))
                    .header("X-DTF-Signature-256", Signature.sign(secret, timestamp, body))
                    .body(body, "application/json")
                    .timeout(timeout)
                    .send();
        } catch (RateLimitExceededException waitTooLong) {
            throw HookFailure.retryable(waitTooLong.getMessage(), waitTooLong, waitTooLong.requiredWait());
        } catch (DtfHttpException refused) {
            throw failure(refused);
        } catch (HttpTransportException unreachable) {
            throw HookFailure.retryable("the receiver did not answer: " + unreachable.getMessage(), unreachable, null);
        }
    }

    /** 408, 425, 429 and 5xx may pass; any other refusal will not, however often it is sent. */
    static HookFailure failure(DtfHttpException refused) {
        int status = refused.status();
        String reason = "HTTP " + status + ": " + refused.getMessage();
        boolean retryable = status == 408 || status == 425 || status == 429 || status >= 500;
        return retryable ? HookFailure.retryable(reason, refused, null) : HookFailure.permanent(reason, refused);
    }

    /** For tests: the clock of the signatures' timestamps. */
    void clock(Clock value) {
        clock = value;
    }
}
