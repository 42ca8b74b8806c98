package io.dtf.connector.email.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An SMTP server on loopback that gives the replies a test asks for, for the refusals GreenMail never gives: a
 * greeting of 421, recipients refused with 550 or 553 or deferred with 450/451/452 (RFC 5321, 4.2), a message refused
 * at the end of DATA. Everything else is accepted as a real server would.
 */
final class ScriptedSmtpServer implements AutoCloseable {
    private final ServerSocket listening;
    private final String greeting;
    private final Map<String, String> recipientReplies;
    private final String dataReply;
    private final ExecutorService threads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "scripted-smtp");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param greeting the first reply ({@code 220 ...} to accept connections)
     * @param recipientReplies the reply to {@code RCPT TO} by address; others get {@code 250}
     * @param dataReply the reply at the end of the message's data
     */
    ScriptedSmtpServer(String greeting, Map<String, String> recipientReplies, String dataReply) throws IOException {
        this.greeting = greeting;
        this.recipientReplies = Map.copyOf(recipientReplies);
        this.dataReply = dataReply;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return listening.getLocalPort();
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                threads.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            write(out, greeting);
            if (!greeting.startsWith("220")) {
                return;
            }
            for (String line = line(in); line != null; line = line(in)) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    write(out, "250-scripted.test\r\n250 8BITMIME");
                } else if (command.startsWith("RCPT TO:")) {
                    String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    write(out, recipientReplies.getOrDefault(address, "250 2.1.5 OK"));
                } else if (command.equals("DATA")) {
                    write(out, "354 End data with <CR><LF>.<CR><LF>");
                    for (String data = line(in); data != null && !data.equals("."); data = line(in)) {
                        // the message itself: not kept
                    }
                    write(out, dataReply);
                } else if (command.equals("QUIT")) {
                    write(out, "221 2.0.0 Bye");
                    return;
                } else {
                    write(out, "250 2.0.0 OK");
                }
            }
        } catch (IOException dropped) {
            // the client went away
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listening.close();
        threads.shutdownNow();
    }
}
