package io.dtf.http.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 for tests (the JDK's {@code com.sun.net.httpserver}): routes by
 * method and path to handlers or to queued replies, and records every request it got. A handler runs
 * on a server thread, where nothing would see it fail: when one throws (an assertion in it, or a bug),
 * {@link #close()} fails with that failure, so that the test fails.
 */
public final class TestHttpServer implements AutoCloseable {

    /** A request as the server got it. */
    public record Request(String method, String path, Map<String, String> query, Map<String, String> headers,
                          String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** What the server answers; {@code delayMillis} before the answer, {@code chunks} streamed with flushes. */
    public record Reply(int status, String contentType, String body, Map<String, String> headers, long delayMillis,
                        List<String> chunks, long chunkDelayMillis) {
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json", body, Map.of(), 0, List.of(), 0);
        }

        public static Reply problem(int status, String body) {
            return new Reply(status, "application/problem+json", body, Map.of(), 0, List.of(), 0);
        }

        public static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=utf-8", body, Map.of(), 0, List.of(), 0);
        }

        public static Reply status(int status) {
            return new Reply(status, null, "", Map.of(), 0, List.of(), 0);
        }

        public static Reply stream(String contentType, long chunkDelayMillis, String... chunks) {
            return new Reply(200, contentType, "", Map.of(), 0, List.of(chunks), chunkDelayMillis);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, contentType, body, h, delayMillis, chunks, chunkDelayMillis);
        }

        public Reply delayed(long millis) {
            return new Reply(status, contentType, body, headers, millis, chunks, chunkDelayMillis);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();
    private final Map<String, Deque<Reply>> queued = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public TestHttpServer() {
        this(0);
    }

    /** On this port (0: any free one). */
    public TestHttpServer(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers {@code METHOD path} (path without query) with the handler, every time. */
    public TestHttpServer route(String method, String path, Function<Request, Reply> handler) {
        routes.put(method + " " + path, handler);
        return this;
    }

    /** Answers the next requests to {@code METHOD path} with these replies, one each, before any route. */
    public TestHttpServer enqueue(String method, String path, Reply... replies) {
        Deque<Reply> q = queued.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>());
        synchronized (q) {
            q.addAll(List.of(replies));
        }
        return this;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The requests to {@code METHOD path}. */
    public List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** Stops the server; fails with what a handler threw, if one did. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        if (!failures.isEmpty()) {
            AssertionError failed = new AssertionError("a handler of the test server failed " + failures.size()
                    + " time(s), first with: " + failures.get(0), failures.get(0));
            failures.stream().skip(1).forEach(failed::addSuppressed);
            throw failed;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = new LinkedHashMap<>();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), path, query, headers, body);
            requests.add(request);
            String key = request.method() + " " + path;
            Reply reply = null;
            Deque<Reply> q = queued.get(key);
            if (q != null) {
                synchronized (q) {
                    reply = q.poll();
                }
            }
            if (reply == null) {
                Function<Request, Reply> route = routes.get(key);
                reply = route == null ? Reply.text(404, "no route " + key) : answer(route, request);
            }
            send(exchange, reply);
        }
    }

    /** The handler's reply; when it throws, a 500 now and the failure at {@link #close()}. */
    private Reply answer(Function<Request, Reply> handler, Request request) {
        try {
            return handler.apply(request);
        } catch (RuntimeException | Error e) {
            failures.add(e);
            return Reply.text(500, "the test server's handler failed: " + e);
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        sleep(reply.delayMillis());
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (!reply.chunks().isEmpty()) {
            exchange.sendResponseHeaders(reply.status(), 0);
            OutputStream out = exchange.getResponseBody();
            for (String chunk : reply.chunks()) {
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
                sleep(reply.chunkDelayMillis());
            }
            return;
        }
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        boolean noBody = reply.status() == 204 || reply.status() == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!noBody && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
