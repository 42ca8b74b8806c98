package io.dtf.connector.email.impl;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport, made by this bundle itself rather than looked up by protocol name through the
 * session's providers (which in OSGi depends on what the session's class loader can see), and keeping what the
 * server said about itself: its greeting and the extensions of its last EHLO answer (after STARTTLS, the ones
 * offered over TLS), for {@code systemInfo}.
 */
final class ObservedSmtpTransport extends SMTPTransport {
    private String greeting;
    private List<String> extensions = List.of();

    /**
     * @param protocol {@code smtp} or {@code smtps}: the prefix of the session properties it reads
     * @param ssl whether the connection is TLS from the start
     */
    ObservedSmtpTransport(Session session, String protocol, boolean ssl) {
        super(session, new URLName(protocol, null, -1, null, null, null), protocol, ssl);
    }

    @Override
    protected boolean ehlo(String domain) throws MessagingException {
        if (greeting == null) {
            // the first EHLO follows the greeting at once: its answer is the last thing the server said
            greeting = reply(getLastServerResponse());
        }
        boolean accepted = super.ehlo(domain);
        if (accepted) {
            extensions = extensions(getLastServerResponse());
        }
        return accepted;
    }

    /** The server's greeting without its code ({@code smtp.example.com ESMTP ready}), or {@code null} before connecting. */
    synchronized String greeting() {
        return greeting;
    }

    /** The extensions of the last EHLO answer as the server wrote them ({@code SIZE 10240000}, {@code AUTH PLAIN LOGIN}). */
    synchronized List<String> extensions() {
        return extensions;
    }

    /** An answer's text without its code: {@code 220 smtp.example.com ESMTP} is {@code smtp.example.com ESMTP}. */
    private static String reply(String response) {
        if (response == null) {
            return null;
        }
        String first = response.lines().findFirst().orElse("");
        return first.length() > 4 ? first.substring(4).strip() : first.strip();
    }

    private static List<String> extensions(String ehloAnswer) {
        List<String> found = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new StringReader(ehloAnswer))) {
            lines.readLine(); // the first line names the server, the others are extensions
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.length() > 4) {
                    found.add(line.substring(4).strip());
                }
            }
        } catch (IOException cannot) {
            throw new IllegalStateException("reading a string cannot fail", cannot);
        }
        return List.copyOf(found);
    }
}
