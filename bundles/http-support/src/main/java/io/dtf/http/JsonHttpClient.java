package io.dtf.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.http.impl.connection.ConnectionSettings;
import io.dtf.http.impl.connection.InterruptibleCalls;
import io.dtf.http.impl.connection.PooledConnections;
import io.dtf.http.impl.request.BaseUrl;
import io.dtf.http.impl.request.PathTemplate;
import io.dtf.http.impl.request.RequestBody;
import io.dtf.http.impl.request.RequestFactory;
import io.dtf.http.impl.response.ErrorAnswers;
import io.dtf.http.impl.response.ResponseBodies;
import io.dtf.http.impl.response.ResponseHandler;
import io.dtf.http.impl.retry.RetryLoop;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTF's HTTP client: JSON over HTTP/1.1 to one base URL, with a bearer token, time-outs, retries with
 * backoff ({@link RetryPolicy}), JSON mapped by {@link DtfJson}, and error answers turned into
 * {@link DtfHttpException}s carrying the server's code and problems. Apache HttpClient 5 does the
 * work; none of its types is part of this API. Thread-safe; one instance per server, closed when
 * done.
 *
 * <pre>{@code
 * try (JsonHttpClient http = JsonHttpClient.builder(URI.create("http://localhost:8181"))
 *         .tokenFromEnvironment("DTF_TOKEN").build()) {
 *     RunSummary run = http.get("/api/v1/runs/{}", "r12").as(RunSummary.class);
 * }
 * }</pre>
 *
 * Answers are read leniently (unknown properties are ignored, so a newer server does not break an
 * older client); request bodies are written with {@link DtfJson#mapper()}.
 *
 * <p>This class is the API; the work is done by the parts in {@code io.dtf.http.impl}, one job each:
 * {@code request} (the URL, headers, credentials and body of each try), {@code retry} (the retry loop,
 * {@code Retry-After}), {@code response} (bodies, and error answers as problem documents) and
 * {@code connection} (the pool, time-outs, interruptible calls).
 */
public final class JsonHttpClient implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpClient.class);

    private final BaseUrl base;
    private final RetryPolicy retry;
    private final ObjectMapper mapper;
    private final RequestFactory requests;
    private final PooledConnections connections;
    private final InterruptibleCalls interruptible = new InterruptibleCalls();
    private final ResponseBodies bodies;
    private final ErrorAnswers errors;

    private JsonHttpClient(Builder b) {
        this.base = b.base;
        this.retry = b.retry;
        this.mapper = b.mapper;
        this.requests = new RequestFactory(b.token);
        this.connections = new PooledConnections(new ConnectionSettings(b.connectTimeout, b.responseTimeout,
                b.maxConnections, b.userAgent));
        this.bodies = new ResponseBodies(b.mapper);
        this.errors = new ErrorAnswers(b.mapper);
    }

    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** The base URL every path is resolved against. */
    public URI baseUrl() {
        return base.uri();
    }

    /** Whether requests carry a bearer token. */
    public boolean hasToken() {
        return requests.hasToken();
    }

    public Call get(String path, Object... segments) {
        return new Call("GET", path, segments);
    }

    public Call post(String path, Object... segments) {
        return new Call("POST", path, segments);
    }

    public Call put(String path, Object... segments) {
        return new Call("PUT", path, segments);
    }

    public Call delete(String path, Object... segments) {
        return new Call("DELETE", path, segments);
    }

    public Call request(String method, String path, Object... segments) {
        return new Call(method.toUpperCase(Locale.ROOT), path, segments);
    }

    @Override
    public void close() {
        interruptible.close();
        try {
            connections.close();
        } catch (IOException e) {
            LOG.debug("closing the HTTP client of {}: {}", base, Secrets.redact(e));
        }
    }

    /** One path segment, percent-encoded: {@code a b/c} becomes {@code a%20b%2Fc}. */
    public static String encodeSegment(Object segment) {
        return PathTemplate.encode(segment);
    }

    /**
     * One request. {@code {}} placeholders in the path are replaced by the segments given with it,
     * each percent-encoded. Set what it needs, then end with one of {@link #as}, {@link #text()},
     * {@link #send()}, {@link #download}, {@link #open()}. Not thread-safe; {@link #abort()} may be
     * called from any thread.
     */
    public final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final RetryLoop retryLoop = new RetryLoop(connections, errors);
        private RequestBody body;
        private Duration timeout;
        private RetryPolicy policy = retry;
        private boolean idempotent;

        private Call(String method, String template, Object[] segments) {
            this.method = method;
            this.path = PathTemplate.expand(template, segments);
            this.idempotent = !method.equals("POST") && !method.equals("PATCH");
        }

        /** Adds a query parameter; {@code null} values are left out. */
        public Call query(String name, Object value) {
            if (value != null) {
                query.put(name, String.valueOf(value));
            }
            return this;
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** The body: this value as JSON. */
        public Call json(Object value) {
            this.body = RequestBody.json(mapper, value);
            return this;
        }

        public Call body(byte[] bytes, String mediaType) {
            this.body = RequestBody.bytes(bytes, mediaType);
            return this;
        }

        public Call body(String text, String mediaType) {
            this.body = RequestBody.text(text, mediaType);
            return this;
        }

        /** How long to wait for the answer (default: the client's); e.g. a long poll's wait plus a margin. */
        public Call timeout(Duration responseTimeout) {
            this.timeout = responseTimeout;
            return this;
        }

        public Call retry(RetryPolicy retryPolicy) {
            this.policy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * Whether repeating the request is harmless, so that it may be retried after any 5xx or a lost
         * answer, not only when the server surely did not act on it. GET, PUT and DELETE are; POST is not
         * unless said so here.
         */
        public Call idempotent(boolean value) {
            this.idempotent = value;
            return this;
        }

        /** The answer's body as this type; {@code null} for an empty answer (204). */
        public <T> T as(Class<T> type) {
            return as(mapper.constructType(type));
        }

        public <T> T as(TypeReference<T> type) {
            return as(mapper.getTypeFactory().constructType(type));
        }

        public <T> T as(JavaType type) {
            return exchange(response -> bodies.json(response, type), true);
        }

        /**
         * Like {@link #as(Class)}, but the calling thread can be interrupted while it waits (blocking
         * socket reads ignore interrupts): the request then is aborted and this throws.
         */
        public <T> T asInterruptibly(Class<T> type) throws InterruptedException {
            return interruptible.call(() -> as(type), this::abort);
        }

        /** The answer's body as text (UTF-8 unless the answer says otherwise). */
        public String text() {
            return exchange(ResponseBodies::text, true);
        }

        /** Sends the request and discards the answer's body. */
        public void send() {
            exchange(ResponseBodies::discard, true);
        }

        /** Copies the answer's body to {@code out}; returns the number of bytes. */
        public long download(OutputStream out) {
            return exchange(response -> ResponseBodies.copy(response, out), true);
        }

        /**
         * Opens the answer as a stream (server-sent events, large downloads); the caller closes it.
         * An error answer throws like the other endings; retries apply only to getting the answer.
         */
        public HttpStream open() {
            return exchange(response -> new HttpStream(response, retryLoop.cancelOfLastRequest()), false);
        }

        /** Aborts the request in flight, from any thread; the waiting call then fails. */
        public void abort() {
            retryLoop.abort();
        }

        /** Sends with retries; hands a successful answer to {@code handler}; closes it when {@code close}. */
        private <T> T exchange(ResponseHandler<T> handler, boolean close) {
            URI uri = base.resolve(path, query);
            return retryLoop.run(method + " " + uri, () -> requests.create(method, uri, headers, body), timeout,
                    policy, idempotent, handler, close);
        }
    }

    /** An open answer body; closing it releases (or drops) the connection. */
    public static final class HttpStream implements Closeable {
        private final ClassicHttpResponse response;
        private final Runnable abort;
        private final InputStream body;

        HttpStream(ClassicHttpResponse response, Runnable abort) throws IOException {
            this.response = response;
            this.abort = abort;
            this.body = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
        }

        public int status() {
            return response.getCode();
        }

        /** A header of the answer, or {@code null}. */
        public String header(String name) {
            Header h = response.getFirstHeader(name);
            return h == null ? null : h.getValue();
        }

        public InputStream body() {
            return body;
        }

        /** Closes the stream; may be called from another thread to end a blocked read. */
        @Override
        public void close() {
            abort.run();
            ResponseBodies.closeQuietly(response);
        }
    }

    /** Settings of a {@link JsonHttpClient}. */
    public static final class Builder {
        private final BaseUrl base;
        private String token;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private int maxConnections = 20;
        private String userAgent = "dtf-http/1";
        private ObjectMapper mapper = DtfJson.mapper();

        private Builder(URI base) {
            this.base = BaseUrl.of(base);
        }

        /**
         * The bearer token; {@code ${env:NAME}} is resolved from the environment. Blank means none.
         * It is registered with {@link Secrets} so that it never shows in a message.
         */
        public Builder token(String value) {
            String resolved = Secrets.resolve(value, System::getenv);
            this.token = resolved == null || resolved.isBlank() ? null : Secrets.register(resolved.strip());
            return this;
        }

        /** The bearer token from an environment variable, when it is set. */
        public Builder tokenFromEnvironment(String variable) {
            return token(System.getenv(variable));
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /** How long to wait for an answer, unless a call sets its own. */
        public Builder responseTimeout(Duration value) {
            this.responseTimeout = positive(value, "responseTimeout");
            return this;
        }

        public Builder retry(RetryPolicy value) {
            this.retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        /** Connections kept to the server at most (also the limit of concurrent requests). */
        public Builder maxConnections(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1: " + value);
            }
            this.maxConnections = value;
            return this;
        }

        public Builder userAgent(String value) {
            this.userAgent = Objects.requireNonNull(value, "userAgent");
            return this;
        }

        /** Another mapper than {@link DtfJson#mapper()} (rarely needed). */
        public Builder mapper(ObjectMapper value) {
            this.mapper = Objects.requireNonNull(value, "mapper");
            return this;
        }

        public JsonHttpClient build() {
            return new JsonHttpClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
