package io.dtf.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
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
 */
public final class JsonHttpClient implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpClient.class);
    private static final ContentType JSON = ContentType.APPLICATION_JSON;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final URI base;
    private final String basePath;
    private final String token;
    private final Duration responseTimeout;
    private final RetryPolicy retry;
    private final ObjectMapper mapper;
    private final CloseableHttpClient http;
    private final RequestConfig defaults;
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dtf-http-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private JsonHttpClient(Builder b) {
        String url = b.base.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.basePath = base.getRawPath() == null ? "" : base.getRawPath();
        this.token = b.token;
        this.responseTimeout = b.responseTimeout;
        this.retry = b.retry;
        this.mapper = b.mapper;
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(b.connectTimeout))
                        .setSocketTimeout(Timeout.of(b.responseTimeout))
                        // a connection idle for a while is checked before reuse: the server may have restarted
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .setMaxConnTotal(b.maxConnections)
                .setMaxConnPerRoute(b.maxConnections)
                .build();
        this.defaults = RequestConfig.custom()
                .setResponseTimeout(Timeout.of(b.responseTimeout))
                .setConnectionRequestTimeout(Timeout.of(b.connectTimeout.plus(b.responseTimeout)))
                .setRedirectsEnabled(false)
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(defaults)
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent(b.userAgent)
                .build();
    }

    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** The base URL every path is resolved against. */
    public URI baseUrl() {
        return base;
    }

    /** Whether requests carry a bearer token. */
    public boolean hasToken() {
        return token != null;
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
        io.shutdownNow();
        try {
            http.close();
        } catch (IOException e) {
            LOG.debug("closing the HTTP client of {}: {}", base, Secrets.redact(e));
        }
    }

    /** One path segment, percent-encoded: {@code a b/c} becomes {@code a%20b%2Fc}. */
    public static String encodeSegment(Object segment) {
        return URLEncoder.encode(String.valueOf(segment), StandardCharsets.UTF_8).replace("+", "%20");
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
        private byte[] body;
        private ContentType contentType;
        private Duration timeout;
        private RetryPolicy policy = retry;
        private boolean idempotent;
        private volatile HttpUriRequestBase inFlight;
        private volatile HttpUriRequestBase lastRequest;
        private volatile boolean aborted;

        private Call(String method, String template, Object[] segments) {
            this.method = method;
            this.path = expand(template, segments);
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
            try {
                this.body = mapper.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
            }
            this.contentType = JSON;
            return this;
        }

        public Call body(byte[] bytes, String mediaType) {
            this.body = bytes.clone();
            this.contentType = ContentType.parse(mediaType);
            return this;
        }

        public Call body(String text, String mediaType) {
            ContentType type = ContentType.parse(mediaType);
            this.body = text.getBytes(type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset());
            this.contentType = type.getCharset() == null ? type.withCharset(StandardCharsets.UTF_8) : type;
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
            return exchange(response -> read(response, type));
        }

        /**
         * Like {@link #as(Class)}, but the calling thread can be interrupted while it waits (blocking
         * socket reads ignore interrupts): the request then is aborted and this throws.
         */
        public <T> T asInterruptibly(Class<T> type) throws InterruptedException {
            Future<T> answer = io.submit(() -> as(type));
            try {
                return answer.get();
            } catch (InterruptedException e) {
                abort();
                answer.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } catch (CancellationException e) {
                throw new InterruptedException("aborted");
            }
        }

        /** The answer's body as text (UTF-8 unless the answer says otherwise). */
        public String text() {
            return exchange(response -> {
                HttpEntity entity = response.getEntity();
                if (entity == null) {
                    return "";
                }
                ContentType type = ContentType.parseLenient(entity.getContentType());
                return new String(EntityUtils.toByteArray(entity),
                        type == null || type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset());
            });
        }

        /** Sends the request and discards the answer's body. */
        public void send() {
            exchange(response -> {
                EntityUtils.consume(response.getEntity());
                return null;
            });
        }

        /** Copies the answer's body to {@code out}; returns the number of bytes. */
        public long download(OutputStream out) {
            return exchange(response -> {
                HttpEntity entity = response.getEntity();
                if (entity == null) {
                    return 0L;
                }
                try (InputStream in = entity.getContent()) {
                    return in.transferTo(out);
                }
            });
        }

        /**
         * Opens the answer as a stream (server-sent events, large downloads); the caller closes it.
         * An error answer throws like the other endings; retries apply only to getting the answer.
         */
        public HttpStream open() {
            return exchange(response -> {
                HttpUriRequestBase request = lastRequest;
                return new HttpStream(response, () -> {
                    aborted = true;
                    // drops the connection at once: closing the body would read it to its end first
                    request.cancel();
                });
            }, false);
        }

        /** Aborts the request in flight, from any thread; the waiting call then fails. */
        public void abort() {
            aborted = true;
            HttpUriRequestBase request = inFlight;
            if (request != null) {
                request.cancel();
            }
        }

        private <T> T exchange(Handler<T> handler) {
            return exchange(handler, true);
        }

        /** Sends with retries; hands a successful answer to {@code handler}; closes it when {@code close}. */
        private <T> T exchange(Handler<T> handler, boolean close) {
            URI uri = uri();
            String what = method + " " + uri;
            long start = System.nanoTime();
            for (int attempt = 1; ; attempt++) {
                if (aborted) {
                    throw new HttpTransportException(what + ": aborted", new InterruptedIOException("aborted"), false);
                }
                HttpUriRequestBase request = request(uri);
                inFlight = request;
                lastRequest = request;
                ClassicHttpResponse response = null;
                Duration wait;
                String reason;
                try {
                    response = http.executeOpen(null, request, null);
                    int status = response.getCode();
                    if (status < 300) {
                        boolean handedOver = false;
                        try {
                            T value = handler.handle(response);
                            handedOver = !close;
                            return value;
                        } finally {
                            if (!handedOver) {
                                response.close();
                            }
                        }
                    }
                    byte[] errorBody = readLimited(response.getEntity());
                    Duration retryAfter = retryAfter(response);
                    response.close();
                    response = null;
                    boolean retryable = status == 429 || status == 503
                            || (idempotent && (status == 500 || status == 502 || status == 504));
                    wait = retryable ? nextWait(attempt, start, retryAfter) : null;
                    if (wait == null) {
                        throw problem(status, errorBody, what);
                    }
                    reason = "HTTP " + status;
                } catch (IOException e) {
                    closeQuietly(response);
                    if (aborted) {
                        throw new HttpTransportException(what + ": aborted", e, false);
                    }
                    boolean connect = isConnectFailure(e);
                    boolean retryable = connect || (idempotent && (e instanceof NoHttpResponseException
                            || e instanceof SocketTimeoutException || e instanceof java.net.SocketException));
                    wait = retryable ? nextWait(attempt, start, null) : null;
                    if (wait == null) {
                        throw new HttpTransportException((connect ? "cannot reach " : "no answer to ") + what + ": "
                                + Secrets.redact(e), e, connect);
                    }
                    reason = Secrets.redact(e);
                } finally {
                    inFlight = null;
                }
                LOG.debug("{} failed ({}); try {} in {} ms", Secrets.redact(what), reason, attempt + 1, wait.toMillis());
                sleep(wait, what);
            }
        }

        private Duration nextWait(int attempt, long start, Duration retryAfter) {
            if (attempt >= policy.maxAttempts() || aborted) {
                return null;
            }
            Duration wait = policy.backoff(attempt + 1);
            if (retryAfter != null) {
                if (retryAfter.compareTo(policy.maxRetryAfter()) > 0) {
                    return null;
                }
                wait = retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return elapsed.plus(wait).compareTo(policy.maxElapsed()) > 0 ? null : wait;
        }

        private HttpUriRequestBase request(URI uri) {
            HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
            if (timeout != null) {
                request.setConfig(RequestConfig.copy(defaults).setResponseTimeout(Timeout.of(timeout)).build());
            }
            request.setHeader(HttpHeaders.ACCEPT, "application/json, application/problem+json, text/plain;q=0.9, */*;q=0.5");
            if (token != null) {
                request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            }
            headers.forEach(request::setHeader);
            if (body != null) {
                request.setEntity(new ByteArrayEntity(body, contentType));
            }
            return request;
        }

        private URI uri() {
            StringBuilder s = new StringBuilder(base.getScheme()).append("://").append(base.getRawAuthority())
                    .append(basePath).append(path.startsWith("/") ? "" : "/").append(path);
            char sep = path.contains("?") ? '&' : '?';
            for (Map.Entry<String, String> q : query.entrySet()) {
                s.append(sep).append(encodeSegment(q.getKey())).append('=').append(encodeSegment(q.getValue()));
                sep = '&';
            }
            return URI.create(s.toString());
        }

        private void sleep(Duration wait, String what) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HttpTransportException(what + ": interrupted while waiting to try again",
                        new InterruptedIOException("interrupted"), false);
            }
        }
    }

    /** What to do with a successful answer. */
    @FunctionalInterface
    private interface Handler<T> {
        T handle(ClassicHttpResponse response) throws IOException;
    }

    private <T> T read(ClassicHttpResponse response, JavaType type) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null || response.getCode() == 204) {
            EntityUtils.consume(entity);
            return null;
        }
        byte[] bytes = EntityUtils.toByteArray(entity);
        if (bytes.length == 0) {
            return null;
        }
        try {
            return mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(bytes);
        } catch (JsonProcessingException e) {
            throw new DtfHttpException(ErrorCode.INTERNAL, null, response.getCode(), null,
                    "the answer is not a valid " + type.getRawClass().getSimpleName() + ": "
                            + Secrets.redact(e.getOriginalMessage()), List.of());
        }
    }

    /** The error answer as an exception: the problem document when there is one, else status and body. */
    DtfHttpException problem(int status, byte[] body, String what) {
        JsonNode doc = null;
        if (body.length > 0) {
            try {
                doc = mapper.readTree(body);
            } catch (IOException e) {
                doc = null;
            }
        }
        if (doc != null && doc.isObject()) {
            String serverCode = text(doc, "code");
            String title = text(doc, "title");
            String detail = text(doc, "detail");
            List<Problem> problems = new ArrayList<>();
            for (JsonNode p : doc.path("problems")) {
                String message = p.isTextual() ? p.asText() : text(p, "message");
                problems.add(new Problem(Secrets.redact(p.isTextual() ? "" : Objects.toString(text(p, "location"), "")),
                        Secrets.redact(Objects.toString(message, ""))));
            }
            String message = detail != null ? detail : title != null ? title : "HTTP " + status + " from " + what;
            return new DtfHttpException(DtfHttpException.errorCode(serverCode, status), serverCode, status,
                    Secrets.redact(title), Secrets.redact(message), problems);
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > 300) {
            text = text.substring(0, 300) + "…";
        }
        String message = "HTTP " + status + " from " + what + (text.isEmpty() ? "" : ": " + text.replaceAll("\\s+", " "));
        return new DtfHttpException(DtfHttpException.errorCode(null, status), null, status, null,
                Secrets.redact(message), List.of());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static byte[] readLimited(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            return in == null ? new byte[0] : in.readNBytes(MAX_ERROR_BODY);
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date; {@code null} when absent or unreadable. */
    static Duration retryAfter(ClassicHttpResponse response) {
        Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        return header == null ? null : parseRetryAfter(header.getValue(), ZonedDateTime.now());
    }

    static Duration parseRetryAfter(String value, ZonedDateTime now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    static boolean isConnectFailure(IOException e) {
        return e instanceof ConnectException || e instanceof ConnectTimeoutException
                || e instanceof NoRouteToHostException || e instanceof UnknownHostException;
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException e) {
                // the connection is dropped anyway
            }
        }
    }

    private static String expand(String template, Object[] segments) {
        if (segments == null || segments.length == 0) {
            return template;
        }
        StringBuilder s = new StringBuilder();
        int from = 0;
        for (Object segment : segments) {
            int at = template.indexOf("{}", from);
            if (at < 0) {
                throw new IllegalArgumentException("more segments than {} in " + template);
            }
            s.append(template, from, at).append(encodeSegment(Objects.requireNonNull(segment, "segment")));
            from = at + 2;
        }
        if (template.indexOf("{}", from) >= 0) {
            throw new IllegalArgumentException("fewer segments than {} in " + template);
        }
        return s.append(template.substring(from)).toString();
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
            closeQuietly(response);
        }
    }

    /** Settings of a {@link JsonHttpClient}. */
    public static final class Builder {
        private final URI base;
        private String token;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private int maxConnections = 20;
        private String userAgent = "dtf-http/1";
        private ObjectMapper mapper = DtfJson.mapper();

        private Builder(URI base) {
            Objects.requireNonNull(base, "baseUrl");
            String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL: " + Secrets.redact(base.toString()));
            }
            if (base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null) {
                throw new IllegalArgumentException("the base URL must have no user, query or fragment: "
                        + Secrets.redact(base.toString()));
            }
            this.base = base;
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
