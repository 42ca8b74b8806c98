package io.dtf.connector.email.impl;

import io.dtf.http.Secrets;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of an instance, checked: what {@link SmtpClient} connects with and {@link EmailConnector}
 * addresses. Every problem is refused when the configuration is read, with a message naming the key; the password
 * never appears in one.
 *
 * @param host the SMTP server
 * @param port its port
 * @param security how the connection is protected
 * @param username the user to authenticate as, or {@code null} for no authentication
 * @param password the user's password ({@code null} without a user)
 * @param from the sender
 * @param to the recipients of notifications
 * @param cc the copies of notifications
 * @param subjectPrefix before each notification's title; empty for none
 * @param trustStore the certificates to trust instead of the JDK's, or {@code null}
 * @param trustStorePassword the trust store's password, or {@code null}
 * @param trustAll whether any certificate is accepted (tests only)
 * @param timeout how long connecting, each read and each write may take
 * @param maxPerMinute the sending rate limit
 */
record SmtpSettings(String host, int port, Security security, String username, String password, InternetAddress from,
                    List<InternetAddress> to, List<InternetAddress> cc, String subjectPrefix, Path trustStore,
                    String trustStorePassword, boolean trustAll, Duration timeout, int maxPerMinute) {

    static final String PID = "io.dtf.connector.email";

    /** The settings of a configuration; an {@link IllegalArgumentException} naming the key when it cannot work. */
    static SmtpSettings of(EmailConfig config) {
        String host = text(config.host());
        if (host == null) {
            throw refused("host is required: the SMTP server, e.g. host = smtp.example.com");
        }
        if (config.port() < 1 || config.port() > 65535) {
            throw refused("port must be 1 to 65535, not " + config.port());
        }
        Security security;
        try {
            security = Security.of(config.security());
        } catch (IllegalArgumentException bad) {
            throw refused(bad.getMessage());
        }
        String username = text(config.username());
        String password = username == null ? null : secret(config._password(), ".password",
                "the password of user " + username + " (e.g. .password = ${env:DTF_SMTP_PASSWORD})");
        InternetAddress from = address(config.from(), "from");
        if (from == null) {
            throw refused("from is required: the sender, e.g. from = DTF <dtf@example.com>");
        }
        List<InternetAddress> to = addresses(config.to(), "to");
        if (to.isEmpty()) {
            throw refused("to is required: the recipients of notifications, e.g. to = qa@example.com");
        }
        Path trustStore = null;
        String trustStoreText = text(config.trustStore());
        if (trustStoreText != null) {
            trustStore = Path.of(trustStoreText);
            if (!Files.isReadable(trustStore)) {
                throw refused("trustStore " + trustStoreText + " is not a readable file");
            }
        }
        String trustStorePassword = text(config._trustStorePassword()) == null ? null
                : secret(config._trustStorePassword(), ".trustStorePassword", "the trust store's password");
        if (config.timeoutSeconds() < 1) {
            throw refused("timeoutSeconds must be 1 or more, not " + config.timeoutSeconds());
        }
        if (config.maxPerMinute() < 1) {
            throw refused("maxPerMinute must be 1 or more, not " + config.maxPerMinute());
        }
        String prefix = config.subjectPrefix() == null ? "" : config.subjectPrefix().strip();
        return new SmtpSettings(host, config.port(), security, username, password, from, to,
                addresses(config.cc(), "cc"), prefix, trustStore, trustStorePassword, config.trustAll(),
                Duration.ofSeconds(config.timeoutSeconds()), config.maxPerMinute());
    }

    /** The server as messages name it: {@code host:port}. */
    String server() {
        return host + ":" + port;
    }

    /** Addresses given as a parameter or field: a list, an array, or one string of comma-separated addresses. */
    static List<InternetAddress> addresses(Object value, String key) {
        List<InternetAddress> list = new ArrayList<>();
        if (value instanceof String one) {
            for (String part : one.split(",")) {
                addTo(list, part, key);
            }
        } else if (value instanceof Object[] many) {
            for (Object part : many) {
                list.addAll(addresses(part, key));
            }
        } else if (value instanceof Iterable<?> many) {
            for (Object part : many) {
                list.addAll(addresses(part, key));
            }
        } else if (value != null) {
            throw refused(key + " must be e-mail addresses, not " + value);
        }
        return List.copyOf(list);
    }

    private static void addTo(List<InternetAddress> list, String part, String key) {
        InternetAddress address = address(part, key);
        if (address != null) {
            list.add(address);
        }
    }

    private static InternetAddress address(String value, String key) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            return address;
        } catch (AddressException bad) {
            throw refused(key + ": '" + text + "' is not an e-mail address (" + bad.getMessage() + ")");
        }
    }

    private static String secret(String value, String key, String what) {
        String resolved = text(Secrets.resolve(value, System::getenv));
        if (resolved == null) {
            throw refused(key + " is required: " + what
                    + (value != null && value.contains("${env:") ? "; " + value.strip() + " is not set" : ""));
        }
        return Secrets.register(resolved);
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static IllegalArgumentException refused(String problem) {
        return new IllegalArgumentException(PID + ": " + problem);
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + server() + ", " + security + ", user " + username + "]";
    }
}
