package io.dtf.connector.email.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * STARTTLS in front of GreenMail, whose SMTP server has no STARTTLS: it greets, offers STARTTLS in its EHLO answer and
 * refuses everything else until the client has upgraded (RFC 3207), then performs the TLS handshake with its own
 * certificate and passes the encrypted session on to GreenMail's plain SMTP port (GreenMail's greeting swallowed, as
 * the client already had one). So the client speaks real TLS, and everything after the upgrade, EHLO and AUTH
 * included, is answered by a real SMTP server.
 */
final class StartTlsFront extends LoopbackServer {
    private final SSLContext tls;
    private final int backendPort;

    StartTlsFront(SSLContext tls, int backendPort) throws IOException {
        super("starttls-front");
        this.tls = tls;
        this.backendPort = backendPort;
        start();
    }

    @Override
    void serve(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        reply(out, "220 front.test ESMTP STARTTLS front");
        for (String line = line(in); line != null; line = line(in)) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250-front.test\r\n250-8BITMIME\r\n250 STARTTLS");
            } else if (command.equals("STARTTLS")) {
                reply(out, "220 2.0.0 Ready to start TLS");
                SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(client, null, client.getPort(), false);
                secured.setUseClientMode(false);
                secured.startHandshake();
                relay(secured);
                return;
            } else if (command.equals("QUIT")) {
                reply(out, "221 2.0.0 Bye");
                return;
            } else {
                reply(out, "530 5.7.0 Must issue a STARTTLS command first");
            }
        }
    }

    private void relay(SSLSocket secured) throws IOException {
        try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
            InputStream fromBackend = backend.getInputStream();
            String greeting = line(fromBackend);
            if (greeting == null || !greeting.startsWith("220")) {
                throw new IOException("GreenMail did not greet: " + greeting);
            }
            alongside(() -> copy(secured, backend));
            copy(fromBackend, secured.getOutputStream());
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            copy(from.getInputStream(), to.getOutputStream());
        } catch (IOException closed) {
            // one side closed: the session is over
        }
    }

    private static void copy(InputStream from, OutputStream to) {
        byte[] buffer = new byte[8192];
        try {
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException closed) {
            // one side closed: the session is over
        }
    }
}
