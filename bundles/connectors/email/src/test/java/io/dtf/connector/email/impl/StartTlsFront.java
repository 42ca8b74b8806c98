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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * STARTTLS in front of GreenMail, whose SMTP server has no STARTTLS: it greets, offers STARTTLS in its EHLO answer and
 * refuses everything else until the client has upgraded (RFC 3207), then performs the TLS handshake with its own
 * certificate and passes the encrypted session on to GreenMail's plain SMTP port (GreenMail's greeting swallowed, as
 * the client already had one). So the client speaks real TLS, and everything after the upgrade, EHLO and AUTH
 * included, is answered by a real SMTP server.
 */
final class StartTlsFront implements AutoCloseable {
    private final ServerSocket listening;
    private final SSLContext tls;
    private final int backendPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "starttls-front");
        thread.setDaemon(true);
        return thread;
    });

    StartTlsFront(SSLContext tls, int backendPort) throws IOException {
        this.tls = tls;
        this.backendPort = backendPort;
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
            write(out, "220 front.test ESMTP STARTTLS front\r\n");
            for (String line = line(in); line != null; line = line(in)) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    write(out, "250-front.test\r\n250-8BITMIME\r\n250 STARTTLS\r\n");
                } else if (command.equals("STARTTLS")) {
                    write(out, "220 2.0.0 Ready to start TLS\r\n");
                    SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(client, null, client.getPort(), false);
                    secured.setUseClientMode(false);
                    secured.startHandshake();
                    relay(secured);
                    return;
                } else if (command.equals("QUIT")) {
                    write(out, "221 2.0.0 Bye\r\n");
                    return;
                } else {
                    write(out, "530 5.7.0 Must issue a STARTTLS command first\r\n");
                }
            }
        } catch (IOException dropped) {
            // the client gave up (a refused certificate): nothing to pass on
        }
    }

    private void relay(SSLSocket secured) throws IOException {
        try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
            InputStream fromBackend = backend.getInputStream();
            String greeting = line(fromBackend);
            if (greeting == null || !greeting.startsWith("220")) {
                throw new IOException("GreenMail did not greet: " + greeting);
            }
            threads.execute(() -> copy(secured, backend));
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

    /** A line without its CRLF, read byte by byte so that nothing after it (the TLS handshake) is consumed. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listening.close();
        threads.shutdownNow();
    }
}
