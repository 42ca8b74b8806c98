package io.dtf.connector.email.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One SMTP server and its recipients: a factory configuration each ({@code etc/io.dtf.connector.email-<name>.cfg}).
 * The password is a private property (its key starts with a dot), so that it never becomes a service property that
 * {@code service:list} or {@code dtf:connectors} would print; give it as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF connector: e-mail",
        description = "Sends DTF's notifications and messages as e-mail (HTML and plain text) through an SMTP server, "
                + "with STARTTLS or TLS and authentication (etc/io.dtf.connector.email-<name>.cfg).")
@interface EmailConfig {

    @AttributeDefinition(name = "SMTP host", description = "The SMTP server or relay, e.g. smtp.example.com.")
    String host();

    @AttributeDefinition(name = "Port", min = "1", max = "65535",
            description = "587 for submission with STARTTLS, 465 for TLS from the start (security=ssl), 25 for a relay.")
    int port() default 587;

    @AttributeDefinition(name = "Security", description = "starttls: the connection is upgraded to TLS before "
            + "anything else, and a server that does not offer STARTTLS is refused (never sent in the clear); ssl: TLS "
            + "from the start (port 465); none: plain text (a relay on this host or network only).",
            options = {@Option(label = "STARTTLS, required", value = "starttls"),
                    @Option(label = "TLS from the start", value = "ssl"),
                    @Option(label = "none", value = "none")})
    String security() default "starttls";

    @AttributeDefinition(name = "User name", required = false,
            description = "The user to authenticate as (SMTP AUTH); empty: no authentication.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "The user's password or app password (key .password), e.g. ${env:DTF_SMTP_PASSWORD}. "
                    + "Required with a user name. Never printed.")
    String _password() default "";

    @AttributeDefinition(name = "From", description = "The sender, e.g. DTF <dtf@example.com>; also the envelope sender.")
    String from();

    @AttributeDefinition(name = "To", description = "The recipients of notifications (several allowed).")
    String[] to();

    @AttributeDefinition(name = "Cc", required = false, description = "Copies of notifications go to these.")
    String[] cc() default {};

    @AttributeDefinition(name = "Subject prefix", required = false,
            description = "Put before each notification's title in the subject; empty for none.")
    String subjectPrefix() default "[DTF]";

    @AttributeDefinition(name = "Trust store", required = false,
            description = "The certificates to trust for TLS instead of the JDK's: a PEM file of CA certificates, or a "
                    + "PKCS#12 or JKS store (with .trustStorePassword). Empty: the JDK's trusted CAs.")
    String trustStore() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD, required = false,
            description = "The password of a PKCS#12 or JKS trust store (key .trustStorePassword).")
    String _trustStorePassword() default "";

    @AttributeDefinition(name = "Trust every certificate",
            description = "Accept any certificate and host name: for a test server only; the connection is then "
                    + "encrypted but not authenticated.")
    boolean trustAll() default false;

    @AttributeDefinition(name = "Time-out (s)", min = "1",
            description = "How long connecting, and each read and write, may take.")
    int timeoutSeconds() default 30;

    @AttributeDefinition(name = "Messages per minute", min = "1",
            description = "At most this many messages a minute (most providers limit a user's sending rate); more are "
                    + "answered RATE_LIMITED with the time to wait, and DTF's notifications send them then.")
    int maxPerMinute() default 30;
}
