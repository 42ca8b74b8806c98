package io.dtf.connector.email.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;

/**
 * An SMTP server on loopback that gives the replies a test asks for, for the refusals GreenMail never gives: a
 * greeting of 421, recipients refused with 550 or 553 or deferred with 450/451/452 (RFC 5321, 4.2), a message refused
 * at the end of DATA. Everything else is accepted as a real server would.
 */
final class ScriptedSmtpServer extends LoopbackServer {
    private final String greeting;
    private final Map<String, String> recipientReplies;
    private final String dataReply;

    /**
     * @param greeting the first reply ({@code 220 ...} to accept connections)
     * @param recipientReplies the reply to {@code RCPT TO} by address; others get {@code 250}
     * @param dataReply the reply at the end of the message's data
     */
    ScriptedSmtpServer(String greeting, Map<String, String> recipientReplies, String dataReply) throws IOException {
        super("scripted-smtp");
        this.greeting = greeting;
        this.recipientReplies = Map.copyOf(recipientReplies);
        this.dataReply = dataReply;
        start();
    }

    @Override
    void serve(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        reply(out, greeting);
        if (!greeting.startsWith("220")) {
            return;
        }
        for (String line = line(in); line != null; line = line(in)) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250-scripted.test\r\n250 8BITMIME");
            } else if (command.startsWith("RCPT TO:")) {
                String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                reply(out, recipientReplies.getOrDefault(address, "250 2.1.5 OK"));
            } else if (command.equals("DATA")) {
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                String data = line(in);
                while (data != null && !data.equals(".")) {
                    data = line(in); // the message itself is not kept
                }
                reply(out, dataReply);
            } else if (command.equals("QUIT")) {
                reply(out, "221 2.0.0 Bye");
                return;
            } else {
                reply(out, "250 2.0.0 OK");
            }
        }
    }
}
