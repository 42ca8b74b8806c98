package io.dtf.connector.email.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A line-based server on loopback for the SMTP tests: each connection served on a thread of its own. */
abstract class LoopbackServer implements AutoCloseable {
    private final ServerSocket listening;
    private final ExecutorService threads;

    LoopbackServer(String name) throws IOException {
        threads = Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        });
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Starts accepting connections: last in a subclass's constructor, so that serving sees its fields. */
    final void start() {
        threads.execute(this::accept);
    }

    final int port() {
        return listening.getLocalPort();
    }

    /** Serves one connection; closed when this returns. */
    abstract void serve(Socket client) throws IOException;

    /** Runs more work of a connection on another thread (one direction of a relay). */
    final void alongside(Runnable work) {
        threads.execute(work);
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                threads.execute(() -> {
                    try (client) {
                        serve(client);
                    } catch (IOException dropped) {
                        // the client went away, or gave up (a refused certificate)
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** A line without its CRLF, read byte by byte so that nothing after it (a TLS handshake) is consumed; null at the end. */
    static String line(InputStream in) throws IOException {
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

    /** Writes a reply (its lines separated by CRLF) and a CRLF after it. */
    static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listening.close();
        threads.shutdownNow();
    }
}
