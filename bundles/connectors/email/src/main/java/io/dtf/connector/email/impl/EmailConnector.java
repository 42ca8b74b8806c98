package io.dtf.connector.email.impl;

import io.dtf.api.connector.ConnectorCapabilities;
import io.dtf.api.connector.ExternalSystemConnector;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.connector.InstanceName;
import io.dtf.api.connector.ItemAction;
import io.dtf.api.connector.RateLimit;
import io.dtf.api.notify.Notification;
import io.dtf.api.notify.NotificationChannel;
import io.dtf.http.Secrets;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mail through an SMTP server, as a connector ({@code send_mail}, items of type {@code mail}) and as a notification
 * channel: one instance per factory configuration ({@code etc/io.dtf.connector.email-<name>.cfg}). A notification
 * becomes a multipart/alternative message (HTML and plain text, {@link NotificationMail}) to the configured
 * recipients, with a {@code Message-ID} made from the notification's id, so that a copy sent again is recognised,
 * and, for a notification with a group key, {@code In-Reply-To} and {@code References} naming the group's thread, so
 * that mail clients show a group's messages as one conversation ({@link MessageIds}).
 *
 * <p>Every call returns at once; the SMTP exchange runs on the instance's own threads ({@link SmtpClient}).
 */
@Component(service = {ExternalSystemConnector.class, NotificationChannel.class}, configurationPid = SmtpSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {ExternalSystemConnector.TYPE + "=email", NotificationChannel.PROPERTY + "=email"})
@Designate(ocd = EmailConfig.class, factory = true)
public class EmailConnector implements ExternalSystemConnector, NotificationChannel {
    /** The operation that sends a message: parameters {@code to}, {@code cc}, {@code subject}, {@code text}, {@code html}. */
    static final String SEND_MAIL = "send_mail";
    /** The item type of a message. */
    static final String MAIL = "mail";

    private static final Logger LOG = LoggerFactory.getLogger(EmailConnector.class);

    private SmtpSettings settings;
    private SmtpClient smtp;
    private SendingRate rate;
    private String domain;
    private Clock clock;

    @Activate
    void activate(EmailConfig config, Map<String, Object> properties) {
        activate(config, properties, Clock.systemUTC());
    }

    /** For tests: another clock for the rate limit and the messages' dates. */
    void activate(EmailConfig config, Map<String, Object> properties, Clock time) {
        settings = SmtpSettings.of(config);
        String name = InstanceName.of(properties, ExternalSystemConnector.NAME, ExternalSystemConnector.TYPE);
        smtp = new SmtpClient(settings, name == null ? "email" : name);
        rate = new SendingRate(settings.maxPerMinute(), time);
        domain = MessageIds.domainOf(settings.from().getAddress());
        clock = time;
        LOG.info("e-mail connector {} sends through {} ({}, {}) from {}", name, settings.server(),
                settings.security(), settings.username() == null ? "no authentication" : "user " + settings.username(),
                settings.from());
    }

    @Deactivate
    void deactivate() {
        if (smtp != null) {
            smtp.close();
        }
        if (settings != null) {
            Secrets.unregister(settings.password());
            Secrets.unregister(settings.trustStorePassword());
        }
    }

    @Override
    public ConnectorCapabilities capabilities() {
        return ConnectorCapabilities.builder().operations(SEND_MAIL).item(MAIL, ItemAction.CREATE)
                .rateLimit(RateLimit.perMinute(settings.maxPerMinute())).build();
    }

    /** Connects, says EHLO, upgrades to TLS as configured, authenticates and quits. */
    @Override
    public CompletableFuture<ExternalSystemResult> connect() {
        return smtp.check();
    }

    @Override
    public boolean isConnected() {
        return smtp.connected();
    }

    /** What the server said about itself: its greeting and its extensions (after STARTTLS, those offered over TLS). */
    @Override
    public CompletableFuture<ExternalSystemResult> systemInfo() {
        return smtp.check();
    }

    @Override
    public CompletableFuture<ExternalSystemResult> send(Notification notification) {
        String threadId = notification.groupKey() == null ? null : MessageIds.ofGroup(notification.groupKey(), domain);
        return send(new OutgoingMail(MessageIds.ofNotification(notification.id(), domain), threadId, settings.to(),
                settings.cc(), NotificationMail.subject(settings.subjectPrefix(), notification),
                NotificationMail.text(notification), NotificationMail.html(notification), clock.instant()));
    }

    /**
     * {@code send_mail}: {@code subject} and {@code text} (or {@code html}) required; {@code to} and {@code cc} (a
     * list, or comma-separated) default to the configured recipients; {@code id}, when given, makes the
     * {@code Message-ID}, so that the same message sent again is recognised.
     */
    @Override
    public CompletableFuture<ExternalSystemResult> executeOperation(String operation, Map<String, Object> parameters) {
        if (!SEND_MAIL.equals(operation)) {
            return CompletableFuture.completedFuture(ExternalSystemResult.unsupported(String.valueOf(operation)));
        }
        return createItem(MAIL, parameters);
    }

    /** A {@code mail} item: sent, with the fields of {@code send_mail}. */
    @Override
    public CompletableFuture<ExternalSystemResult> createItem(String type, Map<String, Object> fields) {
        if (!MAIL.equals(type)) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rejected("unsupported_item_type",
                    "the e-mail connector makes items of type mail only, not " + type));
        }
        OutgoingMail mail;
        try {
            mail = mail(fields == null ? Map.of() : fields);
        } catch (IllegalArgumentException bad) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rejected("invalid_mail", bad.getMessage()));
        }
        return send(mail);
    }

    private CompletableFuture<ExternalSystemResult> send(OutgoingMail mail) {
        Optional<Duration> wait = rate.acquire();
        if (wait.isPresent()) {
            return CompletableFuture.completedFuture(ExternalSystemResult.rateLimited(wait.get(), "at most "
                    + settings.maxPerMinute() + " messages a minute go through " + settings.server()
                    + " (maxPerMinute): send it again after " + wait.get().toSeconds() + " s"));
        }
        return smtp.send(mail);
    }

    private OutgoingMail mail(Map<String, Object> fields) {
        String subject = string(fields.get("subject"));
        String text = string(fields.get("text"));
        String html = string(fields.get("html"));
        if (subject == null) {
            throw new IllegalArgumentException("send_mail needs a subject");
        }
        if (text == null && html == null) {
            throw new IllegalArgumentException("send_mail needs a text or an html body");
        }
        List<InternetAddress> to = fields.get("to") == null ? settings.to() : SmtpSettings.addresses(fields.get("to"), "to");
        List<InternetAddress> cc = fields.get("cc") == null ? settings.cc() : SmtpSettings.addresses(fields.get("cc"), "cc");
        if (to.isEmpty()) {
            throw new IllegalArgumentException("send_mail needs at least one recipient in to");
        }
        String id = string(fields.get("id"));
        return new OutgoingMail(MessageIds.ofNotification(id == null ? UUID.randomUUID().toString() : id, domain),
                null, to, cc, subject, text == null ? "" : text, html, clock.instant());
    }

    private static String string(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
