package io.dtf.connector.email.impl;

import io.dtf.api.connector.ExternalItem;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.http.Secrets;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks SMTP to one server through Jakarta Mail, off the caller's thread: a small pool of named threads with a
 * bounded queue does the connecting and sending, and each call's future completes with an {@link ExternalSystemResult}
 * for every outcome ({@link SmtpFailures}). Each message is one connection (connect, EHLO, STARTTLS, EHLO, AUTH, MAIL,
 * RCPT, DATA, QUIT): a notification channel sends a few messages a minute, and an idle connection kept open would
 * only be closed by the server. Nothing is sent in the clear when STARTTLS is required
 * ({@code mail.smtp.starttls.required}).
 */
final class SmtpClient implements AutoCloseable {
    /** Threads that send at once: SMTP servers limit connections per client, and mail is not urgent to the second. */
    static final int THREADS = 2;
    /** Messages waiting for a thread; more are answered UNAVAILABLE, to be sent again later. */
    static final int QUEUE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(SmtpClient.class);

    private final SmtpSettings settings;
    private final Properties properties;
    private final ThreadPoolExecutor threads;
    private volatile boolean connected;

    SmtpClient(SmtpSettings settings, String instance) {
        this.settings = settings;
        this.properties = sessionProperties(settings);
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                work -> {
                    Thread thread = new Thread(MailImplementationLoader.around(work),
                            "dtf-email-" + instance + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.threads.allowCoreThreadTimeOut(true);
    }

    /** Whether the last exchange with the server succeeded. */
    boolean connected() {
        return connected;
    }

    /**
     * Connects, says EHLO, upgrades with STARTTLS where configured, authenticates, and quits: whether the
     * configuration works. The result's data say what the server said about itself.
     */
    CompletableFuture<ExternalSystemResult> check() {
        return submit(() -> {
            ObservedSmtpTransport transport = transport(session());
            try {
                connect(transport);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("server", settings.server());
                data.put("greeting", transport.greeting());
                data.put("extensions", transport.extensions());
                data.put("security", settings.security().name().toLowerCase(Locale.ROOT));
                data.put("tls", settings.security() != Security.NONE);
                if (settings.username() != null) {
                    data.put("user", settings.username());
                }
                return ExternalSystemResult.ok(data);
            } finally {
                quietlyClose(transport);
            }
        });
    }

    /** Sends a message; the result's item is the message ({@code mail}, its {@code Message-ID} as the id). */
    CompletableFuture<ExternalSystemResult> send(OutgoingMail mail) {
        return submit(() -> {
            Session session = session();
            MimeMessage message = message(session, mail);
            ObservedSmtpTransport transport = transport(session);
            try {
                connect(transport);
                try {
                    transport.sendMessage(message, message.getAllRecipients());
                } catch (MessagingException failed) {
                    throw new WorkFailure(failed, transport.getLastReturnCode());
                }
            } finally {
                quietlyClose(transport);
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("subject", mail.subject());
            fields.put("to", mail.to().stream().map(InternetAddress::toString).toList());
            if (!mail.cc().isEmpty()) {
                fields.put("cc", mail.cc().stream().map(InternetAddress::toString).toList());
            }
            if (mail.threadId() != null) {
                fields.put("inReplyTo", mail.threadId());
            }
            return ExternalSystemResult.ok(new ExternalItem("mail", mail.messageId(), null, null, fields));
        });
    }

    @Override
    public void close() {
        List<Runnable> waiting = threads.shutdownNow();
        for (Runnable work : waiting) {
            if (work instanceof Exchange exchange) {
                exchange.result.complete(ExternalSystemResult.unavailable("closed", "the e-mail connector to "
                        + settings.server() + " was stopped before this message was sent: send it again"));
            }
        }
    }

    /** One call's work and its future, so that work still queued when the client closes is answered too. */
    private final class Exchange implements Runnable {
        final CompletableFuture<ExternalSystemResult> result = new CompletableFuture<>();
        private final Work work;

        Exchange(Work work) {
            this.work = work;
        }

        @Override
        public void run() {
            try {
                ExternalSystemResult done = work.run();
                connected = true;
                result.complete(done);
            } catch (WorkFailure failed) {
                connected = false;
                ExternalSystemResult failure = SmtpFailures.of(failed.getCause(), settings.server(), failed.replyCode);
                LOG.warn("e-mail through {}: {}", settings.server(), failure.describe());
                result.complete(failure);
            } catch (RuntimeException | MessagingException | LinkageError e) {
                connected = false;
                ExternalSystemResult failure = SmtpFailures.of(e, settings.server(), -1);
                LOG.warn("e-mail through {}: {}", settings.server(), failure.describe());
                result.complete(failure);
            }
        }
    }

    /** The work of a call: it may throw what Jakarta Mail throws. */
    @FunctionalInterface
    interface Work {
        ExternalSystemResult run() throws MessagingException;
    }

    /** A failure with the transport's last reply code, which tells transient from permanent refusals. */
    private static final class WorkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int replyCode;

        WorkFailure(MessagingException cause, int replyCode) {
            super(cause);
            this.replyCode = replyCode;
        }
    }

    private CompletableFuture<ExternalSystemResult> submit(Work work) {
        Exchange exchange = new Exchange(work);
        try {
            threads.execute(exchange);
        } catch (RejectedExecutionException full) {
            exchange.result.complete(threads.isShutdown()
                    ? ExternalSystemResult.unavailable("closed", "the e-mail connector to " + settings.server()
                            + " is stopped: send it again once it runs")
                    : ExternalSystemResult.unavailable("queue_full", QUEUE + " messages to " + settings.server()
                            + " are waiting to be sent already: send it again later"));
        }
        return exchange.result;
    }

    private void connect(ObservedSmtpTransport transport) {
        try {
            transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
        } catch (MessagingException failed) {
            throw new WorkFailure(failed, transport.getLastReturnCode());
        }
    }

    private Session session() {
        return Session.getInstance(properties);
    }

    private ObservedSmtpTransport transport(Session session) {
        return settings.security() == Security.SSL ? new ObservedSmtpTransport(session, "smtps", true)
                : new ObservedSmtpTransport(session, "smtp", false);
    }

    private static void quietlyClose(ObservedSmtpTransport transport) {
        try {
            transport.close();
        } catch (MessagingException closing) {
            LOG.debug("closing an SMTP connection: {}", Secrets.redact(closing));
        }
    }

    /** The message: multipart/alternative of text and HTML (text alone without HTML), UTF-8 throughout. */
    private MimeMessage message(Session session, OutgoingMail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", mail.messageId());
            }
        };
        message.setFrom(settings.from());
        message.setRecipients(Message.RecipientType.TO, mail.to().toArray(new Address[0]));
        if (!mail.cc().isEmpty()) {
            message.setRecipients(Message.RecipientType.CC, mail.cc().toArray(new Address[0]));
        }
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(Date.from(mail.date()));
        if (mail.threadId() != null) {
            message.setHeader("In-Reply-To", mail.threadId());
            message.setHeader("References", mail.threadId());
        }
        message.setHeader("Auto-Submitted", "auto-generated");
        if (mail.html() == null) {
            message.setText(mail.text(), "UTF-8", "plain");
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), "UTF-8", "html");
            // RFC 2046, 5.1.4: the parts in increasing order of preference, the richest last
            message.setContent(new MimeMultipart("alternative", text, html));
        }
        message.saveChanges();
        return message;
    }

    private static Properties sessionProperties(SmtpSettings settings) {
        String protocol = settings.security() == Security.SSL ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty(prefix + "host", settings.host());
        props.setProperty(prefix + "port", Integer.toString(settings.port()));
        String millis = Long.toString(settings.timeout().toMillis());
        props.setProperty(prefix + "connectiontimeout", millis);
        props.setProperty(prefix + "timeout", millis);
        props.setProperty(prefix + "writetimeout", millis);
        props.setProperty(prefix + "from", settings.from().getAddress());
        props.setProperty(prefix + "auth", Boolean.toString(settings.username() != null));
        if (settings.security() == Security.STARTTLS) {
            props.setProperty(prefix + "starttls.enable", "true");
            props.setProperty(prefix + "starttls.required", "true");
        }
        if (settings.security() != Security.NONE) {
            props.setProperty(prefix + "ssl.checkserveridentity", Boolean.toString(!settings.trustAll()));
            if (settings.trustAll()) {
                props.setProperty(prefix + "ssl.trust", "*");
            } else if (settings.trustStore() != null) {
                props.put(prefix + "ssl.socketFactory", trusting(settings).getSocketFactory());
            }
        }
        return props;
    }

    /** TLS that trusts the certificates of the configured trust store: PEM certificates, PKCS#12 or JKS. */
    private static SSLContext trusting(SmtpSettings settings) {
        try {
            KeyStore trusted;
            byte[] content = Files.readAllBytes(settings.trustStore());
            if (new String(content, 0, Math.min(content.length, 64), StandardCharsets.US_ASCII)
                    .contains("-----BEGIN")) {
                trusted = KeyStore.getInstance(KeyStore.getDefaultType());
                trusted.load(null, null);
                List<Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(content)));
                for (int i = 0; i < certificates.size(); i++) {
                    trusted.setCertificateEntry("ca-" + i, certificates.get(i));
                }
                if (certificates.isEmpty()) {
                    throw new IllegalArgumentException(SmtpSettings.PID + ": trustStore " + settings.trustStore()
                            + " holds no certificate");
                }
            } else {
                char[] password = settings.trustStorePassword() == null ? null
                        : settings.trustStorePassword().toCharArray();
                trusted = KeyStore.getInstance(settings.trustStore().toFile(), password);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, factory.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException unreadable) {
            throw new IllegalArgumentException(SmtpSettings.PID + ": trustStore " + settings.trustStore()
                    + " cannot be read as PEM certificates, PKCS#12 or JKS (.trustStorePassword?): "
                    + Secrets.redact(unreadable), unreadable);
        }
    }
}
