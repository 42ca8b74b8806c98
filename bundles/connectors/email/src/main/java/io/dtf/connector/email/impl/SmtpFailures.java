package io.dtf.connector.email.impl;

import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.http.Secrets;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * What a failed SMTP exchange means to a caller, as an {@link ExternalSystemResult}: whether sending again may work.
 * SMTP says so itself: 4xx replies are transient (RFC 5321, 4.2.1: 421 service not available, 450/451/452 mailbox
 * busy, local error, insufficient storage), 5xx permanent (535 authentication failed, 550/553 mailbox unavailable or
 * not allowed). No reply at all (refused, timed out, cut) is worth trying later; a TLS handshake that fails (an
 * untrusted certificate, TLS against a plain port) and a server that does not offer the STARTTLS that the
 * configuration requires are configuration problems, refused for good. Messages are redacted.
 */
final class SmtpFailures {
    private SmtpFailures() {
    }

    /**
     * The result of a failure of one exchange with the server.
     *
     * @param failure what Jakarta Mail threw
     * @param server {@code host:port}, for messages
     * @param lastReplyCode the transport's last reply code, or -1 when there was none
     */
    static ExternalSystemResult of(Throwable failure, String server, int lastReplyCode) {
        if (failure instanceof AuthenticationFailedException refused) {
            return ExternalSystemResult.rejected("authentication_failed", redacted("the SMTP server " + server
                    + " refused the credentials (check username and .password): " + said(refused)));
        }
        if (failure instanceof SendFailedException notSent) {
            return ofSendFailure(notSent, server);
        }
        if (failure instanceof MessagingException mail && mail.getMessage() != null
                && mail.getMessage().contains("STARTTLS is required")) {
            return ExternalSystemResult.rejected("starttls_not_offered", "the SMTP server " + server + " does not offer "
                    + "STARTTLS, which security=starttls requires, so nothing was sent in the clear: use the server's "
                    + "submission port that offers it (587), security=ssl on its TLS port (465), or security=none for a "
                    + "relay that is reached without TLS");
        }
        if (find(failure, SocketTimeoutException.class) != null) {
            return ExternalSystemResult.unavailable("timeout", redacted("the SMTP server " + server
                    + " did not answer in time: " + said(failure)));
        }
        SSLException tls = find(failure, SSLException.class);
        if (tls != null) {
            return ExternalSystemResult.rejected("tls_failed", redacted("TLS with the SMTP server " + server
                    + " failed (is the certificate trusted, see trustStore; does the port speak TLS, see security?): "
                    + said(tls)));
        }
        if (replyIsTransient(lastReplyCode)) {
            return ExternalSystemResult.unavailable("smtp_" + lastReplyCode, redacted("the SMTP server " + server
                    + " cannot take mail now: " + said(failure)));
        }
        if (lastReplyCode >= 500) {
            return ExternalSystemResult.rejected("smtp_" + lastReplyCode, redacted("the SMTP server " + server
                    + " refused: " + said(failure)));
        }
        if (find(failure, IOException.class) != null || failure instanceof MessagingException) {
            return ExternalSystemResult.unavailable("unreachable", redacted("the SMTP server " + server
                    + " could not be reached: " + said(failure)));
        }
        return ExternalSystemResult.failure(failure);
    }

    /**
     * Recipients refused one by one (RCPT TO), or the sender (MAIL FROM) or the message (DATA) refused: each
     * refusal carries its reply code. Any permanent refusal makes the whole message rejected, naming the addresses;
     * only transient ones make it worth sending again. Nothing was sent in either case (partial sending is off).
     */
    private static ExternalSystemResult ofSendFailure(SendFailedException notSent, String server) {
        Set<String> refused = new LinkedHashSet<>();
        Set<String> deferred = new LinkedHashSet<>();
        List<String> replies = new ArrayList<>();
        boolean permanent = false;
        boolean transientReply = false;
        for (Exception e = notSent; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
            int code = -1;
            String address = null;
            if (e instanceof SMTPAddressFailedException rcpt) {
                code = rcpt.getReturnCode();
                address = rcpt.getAddress().toString();
            } else if (e instanceof SMTPSenderFailedException sender) {
                code = sender.getReturnCode();
                address = "sender " + sender.getAddress();
            } else if (e instanceof SMTPSendFailedException message) {
                code = message.getReturnCode();
            }
            if (code > 0) {
                replies.add(said(e));
                permanent |= code >= 500;
                transientReply |= replyIsTransient(code);
                if (address != null) {
                    (code >= 500 ? refused : deferred).add(address);
                }
            }
        }
        for (Address invalid : notSent.getInvalidAddresses() == null ? new Address[0] : notSent.getInvalidAddresses()) {
            if (!deferred.contains(invalid.toString())) {
                refused.add(invalid.toString());
            }
        }
        String detail = replies.isEmpty() ? said(notSent) : String.join("; ", replies);
        if (!refused.isEmpty() || permanent || !transientReply) {
            String who = refused.isEmpty() ? "the message" : "the address" + (refused.size() > 1 ? "es " : " ")
                    + String.join(", ", refused);
            return ExternalSystemResult.rejected(refused.isEmpty() ? "message_refused" : "invalid_recipient",
                    redacted("the SMTP server " + server + " refused " + who + ", so nothing was sent: " + detail));
        }
        return ExternalSystemResult.unavailable(deferred.isEmpty() ? "message_deferred" : "recipient_deferred",
                redacted("the SMTP server " + server
                + " cannot take mail for " + (deferred.isEmpty() ? "the message" : String.join(", ", deferred))
                + " now: " + detail));
    }

    /** RFC 5321's transient negative completion replies that say "try again later". */
    private static boolean replyIsTransient(int code) {
        return code == 421 || code == 450 || code == 451 || code == 452;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        Set<Throwable> seen = new LinkedHashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = next(t)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Jakarta Mail chains through {@link MessagingException#getNextException()} as well as the cause. */
    private static Throwable next(Throwable t) {
        if (t.getCause() != null) {
            return t.getCause();
        }
        return t instanceof MessagingException m ? m.getNextException() : null;
    }

    /** A failure's message on one line; the server's reply where it is one. */
    private static String said(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static String redacted(String message) {
        return Secrets.redact(message);
    }
}
