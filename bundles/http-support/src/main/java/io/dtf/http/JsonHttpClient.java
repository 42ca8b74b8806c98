package io.dtf.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.dtf.api.connector.RateLimit;
import io.dtf.http.impl.connection.ConnectionSettings;
import io.dtf.http.impl.connection.PooledConnections;
import io.dtf.http.impl.connection.ProxySettings;
import io.dtf.http.impl.connection.TrustStores;
import io.dtf.http.impl.exchange.CallControl;
import io.dtf.http.impl.exchange.CallSpec;
import io.dtf.http.impl.exchange.Exchanges;
import io.dtf.http.impl.exchange.IoThreads;
import io.dtf.http.impl.exchange.SchedulerTime;
import io.dtf.http.impl.pagination.PageSource;
import io.dtf.http.impl.ratelimit.RateLimiters;
import io.dtf.http.impl.request.BaseUrl;
import io.dtf.http.impl.request.PathTemplate;
import io.dtf.http.impl.request.RequestBody;
import io.dtf.http.impl.request.RequestFactory;
import io.dtf.http.impl.response.ErrorAnswers;
import io.dtf.http.impl.response.ResponseBodies;
import io.dtf.http.impl.response.ResponseHandler;
import io.dtf.http.impl.upload.MultipartBodies;
import io.dtf.http.impl.upload.Uploads;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTF's HTTP client, the one every integration uses: JSON over HTTP/1.1 to one base URL, blocking or
 * asynchronous, with credentials ({@link HttpAuth}), time-outs, retries with backoff
 * ({@link RetryPolicy}), a rate limit per target that keeps the vendor's stated limit (the
 * {@link RateLimit} a connector states in its capabilities) and obeys what its answers say ({@code Retry-After}, {@code X-RateLimit-*},
 * {@code RateLimit-*}, GitHub's secondary limits), pagination ({@link Pagination}), uploads streamed
 * from files and streams ({@link Multipart}), a proxy and a trust store. Error answers become
 * {@link DtfHttpException}s carrying status, the vendor's error text and its body; every message and log
 * line is redacted ({@link Secrets}). Apache HttpClient 5 does the work; none of its types is part of
 * this API. Thread-safe; one instance per server and set of credentials, closed when done.
 *
 * <pre>{@code
 * try (JsonHttpClient github = JsonHttpClient.builder(URI.create("https://api.github.com"))
 *         .auth(HttpAuth.bearer("${env:GITHUB_TOKEN}"))
 *         .rateLimit("github-content", RateLimit.perMinute(80))
 *         .maxRateLimitWait(Duration.ofMinutes(5)).build()) {
 *     CompletableFuture<Comment> c = github.post("/repos/{}/{}/issues/{}/comments", owner, repo, pr)
 *         .target("github-content").json(Map.of("body", markdown)).asAsync(Comment.class);
 * }
 * }</pre>
 *
 * Answers are read leniently (unknown properties are ignored, so a newer server does not break an
 * older client); request bodies are written with {@link DtfJson#mapper()} unless the builder sets
 * another mapper.
 *
 * <p>This class is the API; the work is done by the parts in {@code io.dtf.http.impl}, one job each:
 * {@code request} (URL, headers, body of each try), {@code exchange} (the tries of a call, blocking or
 * not), {@code retry} (which failures are tried again), {@code ratelimit} (targets and what answers say
 * of their limits), {@code auth}, {@code pagination}, {@code upload}, {@code response} (bodies and error
 * answers) and {@code connection} (pool, proxy, trust, time-outs).
 */
public final class JsonHttpClient implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpClient.class);

    private final BaseUrl base;
    private final RetryPolicy retry;
    private final ObjectMapper mapper;
    private final HttpAuth auth;
    private final Duration maxRateLimitWait;
    private final PooledConnections connections;
    private final RateLimiters limiters;
    private final SchedulerTime ownTime;
    private final ExecutorService io;
    private final Exchanges exchanges;
    private final ResponseBodies bodies;

    private JsonHttpClient(Builder b) {
        this.base = b.base;
        this.retry = b.retry;
        this.mapper = b.mapper;
        this.auth = b.auth;
        this.maxRateLimitWait = b.maxRateLimitWait;
        this.connections = new PooledConnections(new ConnectionSettings(b.connectTimeout, b.responseTimeout,
                b.maxConnections, b.userAgent, b.proxy, b.tls));
        this.limiters = new RateLimiters(b.targetLimits, b.defaultLimit);
        this.ownTime = b.time == null ? new SchedulerTime() : null;
        this.io = IoThreads.create(b.maxConnections);
        this.exchanges = new Exchanges(connections, b.time == null ? ownTime : b.time, new ErrorAnswers(b.mapper), io);
        this.bodies = new ResponseBodies(b.mapper);
    }

    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** The base URL every path is resolved against. */
    public URI baseUrl() {
        return base.uri();
    }

    /** Whether requests carry credentials. */
    public boolean hasToken() {
        return auth != HttpAuth.NONE;
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

    public Call patch(String path, Object... segments) {
        return new Call("PATCH", path, segments);
    }

    public Call delete(String path, Object... segments) {
        return new Call("DELETE", path, segments);
    }

    public Call request(String method, String path, Object... segments) {
        return new Call(method.toUpperCase(Locale.ROOT), path, segments);
    }

    /**
     * A request to an absolute http(s) URL a server gave (GitHub's {@code upload_url}, a next page), with
     * this client's credentials and settings: give it only URLs of the server these credentials are for.
     */
    public Call request(String method, URI url) {
        BaseUrl.of(URI.create(url.getScheme() + "://" + url.getRawAuthority()));
        return new Call(method.toUpperCase(Locale.ROOT), url);
    }

    /**
     * Ends the client: asynchronous calls still running or waiting fail with an
     * {@link HttpTransportException}, its threads end and its connections are closed.
     */
    @Override
    public void close() {
        exchanges.close();
        io.shutdownNow();
        if (ownTime != null) {
            ownTime.close();
        }
        try {
            connections.close();
        } catch (IOException e) {
            LOG.debug("closing the HTTP client of {}: {}", Secrets.redact(base.toString()), Secrets.redact(e));
        }
    }

    /** One path segment, percent-encoded: {@code a b/c} becomes {@code a%20b%2Fc}. */
    public static String encodeSegment(Object segment) {
        return PathTemplate.encode(segment);
    }

    /**
     * One request. {@code {}} placeholders in the path are replaced by the segments given with it,
     * each percent-encoded. Set what it needs, then end with one of the blocking endings ({@link #as},
     * {@link #answer}, {@link #text()}, {@link #send()}, {@link #download}, {@link #open()}), the
     * asynchronous ones ({@link #asAsync}, {@link #answerAsync}, {@link #textAsync()},
     * {@link #sendAsync()}) or {@link #paginate}. The asynchronous endings never hold the caller's thread,
     * nor any thread while the call waits; their futures fail with the exceptions the blocking endings
     * throw, and cancelling one aborts the call, in flight or waiting. Not thread-safe; {@link #abort()}
     * may be called from any thread.
     */
    public final class Call {
        private final String method;
        private final String path;
        private final URI absolute;
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final CallControl control = new CallControl();
        private RequestBody body;
        private Duration timeout;
        private RetryPolicy policy = retry;
        private boolean idempotent;
        private HttpAuth callAuth = auth;
        private String target;
        private RateLimit targetLimit;
        private Duration rateLimitWait = maxRateLimitWait;

        private Call(String method, String template, Object[] segments) {
            this.method = method;
            this.path = PathTemplate.expand(template, segments);
            this.absolute = null;
            this.idempotent = !method.equals("POST") && !method.equals("PATCH");
        }

        private Call(String method, URI absolute) {
            this.method = method;
            this.path = null;
            this.absolute = absolute;
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

        /** Other credentials than the client's for this call (a GitHub App's JWT for its installation token). */
        public Call auth(HttpAuth credentials) {
            this.callAuth = Objects.requireNonNull(credentials, "credentials");
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

        /**
         * The body: this file, streamed (never read into memory), with its length; read again for a retry.
         *
         * @throws IllegalArgumentException when it is not a readable file
         */
        public Call body(Path file, String mediaType) {
            this.body = Uploads.file(file, mediaType);
            return this;
        }

        /**
         * The body: this stream, streamed, sent once (the call is not tried again after it was sent). The
         * caller closes it after the call.
         *
         * @param length its length in bytes, or -1 when not known (then sent chunked)
         */
        public Call body(InputStream in, long length, String mediaType) {
            this.body = Uploads.stream(in, length, mediaType);
            return this;
        }

        /** The body: multipart/form-data, files streamed. */
        public Call multipart(Multipart parts) {
            this.body = MultipartBodies.of(parts.parts());
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
         * answer, not only when the server surely did not act on it. GET, PUT and DELETE are; POST and PATCH
         * are not unless said so here.
         */
        public Call idempotent(boolean value) {
            this.idempotent = value;
            return this;
        }

        /**
         * The rate-limit target the call counts against, instead of its host: a narrower limit of the
         * vendor's (Slack's per channel, {@code "slack:" + channel}; GitHub's content creation). Its stated
         * limit is the builder's for this key, else the client's default.
         */
        public Call target(String key) {
            return target(key, null);
        }

        /** Like {@link #target(String)}, with the limit a target of this key has unless the builder gave one. */
        public Call target(String key, RateLimit limit) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a rate-limit target needs a key");
            }
            this.target = key;
            this.targetLimit = limit;
            return this;
        }

        /** How long in all this call may wait for its target's rate limit (default: the client's). */
        public Call maxRateLimitWait(Duration max) {
            this.rateLimitWait = notNegative(max, "maxRateLimitWait");
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

        /** The answer with its status and headers, the body as this type. */
        public <T> HttpAnswer<T> answer(Class<T> type) {
            return exchange(answerOf(mapper.constructType(type)), true);
        }

        public <T> HttpAnswer<T> answer(TypeReference<T> type) {
            return exchange(answerOf(mapper.getTypeFactory().constructType(type)), true);
        }

        /**
         * Like {@link #as(Class)}, but the calling thread can be interrupted while it waits (blocking
         * socket reads ignore interrupts): the request then is aborted and this throws.
         */
        public <T> T asInterruptibly(Class<T> type) throws InterruptedException {
            CompletableFuture<T> answer = asAsync(type);
            try {
                return answer.get();
            } catch (InterruptedException e) {
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
            }
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
            return exchange(response -> new HttpStream(response, control.cancelOfLastRequest()), false);
        }

        public <T> CompletableFuture<T> asAsync(Class<T> type) {
            JavaType t = mapper.constructType(type);
            return exchangeAsync(response -> bodies.json(response, t));
        }

        public <T> CompletableFuture<T> asAsync(TypeReference<T> type) {
            JavaType t = mapper.getTypeFactory().constructType(type);
            return exchangeAsync(response -> bodies.json(response, t));
        }

        public <T> CompletableFuture<HttpAnswer<T>> answerAsync(Class<T> type) {
            return exchangeAsync(answerOf(mapper.constructType(type)));
        }

        public <T> CompletableFuture<HttpAnswer<T>> answerAsync(TypeReference<T> type) {
            return exchangeAsync(answerOf(mapper.getTypeFactory().constructType(type)));
        }

        public CompletableFuture<String> textAsync() {
            return exchangeAsync(ResponseBodies::text);
        }

        public CompletableFuture<Void> sendAsync() {
            return exchangeAsync(ResponseBodies::discard);
        }

        /**
         * The items of a paged list, fetched lazily page by page, each page a call like this one (its
         * method, headers, credentials, body, retries and rate limit) to the page's URL.
         */
        public <T> Paged<T> paginate(Pagination pagination, Class<T> itemType) {
            return paged(pagination, mapper.constructType(itemType));
        }

        public <T> Paged<T> paginate(Pagination pagination, TypeReference<T> itemType) {
            return paged(pagination, mapper.getTypeFactory().constructType(itemType));
        }

        /** Aborts the request in flight or the wait for the next try, from any thread; the call then fails. */
        public void abort() {
            control.abort();
        }

        private <T> Paged<T> paged(Pagination pagination, JavaType itemType) {
            ObjectReader items = mapper.readerFor(itemType).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            JavaType page = mapper.constructType(JsonNode.class);
            PageSource source = new PageSource() {
                @Override
                public HttpAnswer<JsonNode> fetch(URI url) {
                    return copyTo(url).exchange(answerOf(page), true);
                }

                @Override
                public CompletableFuture<HttpAnswer<JsonNode>> fetchAsync(URI url) {
                    return copyTo(url).exchangeAsync(answerOf(page));
                }
            };
            Function<JsonNode, T> convert = node -> {
                try {
                    return items.readValue(node);
                } catch (IOException e) {
                    throw new UncheckedIOException(Secrets.redact("an item of " + url() + " is not a "
                            + itemType.getRawClass().getSimpleName() + ": " + e.getMessage()), e);
                }
            };
            return new Paged<>(pagination.pagesFrom(url()), source, convert, Long.MAX_VALUE);
        }

        /** This call's settings, to another URL (a next page). */
        private Call copyTo(URI url) {
            Call copy = new Call(method, url);
            copy.headers.putAll(headers);
            copy.body = body;
            copy.timeout = timeout;
            copy.policy = policy;
            copy.idempotent = idempotent;
            copy.callAuth = callAuth;
            copy.target = target;
            copy.targetLimit = targetLimit;
            copy.rateLimitWait = rateLimitWait;
            return copy;
        }

        private <T> ResponseHandler<HttpAnswer<T>> answerOf(JavaType type) {
            return response -> bodies.answer(response, type);
        }

        private URI url() {
            return absolute != null ? absolute : base.resolve(path, query);
        }

        private CallSpec spec() {
            URI uri = url();
            String key = target != null ? target : RateLimiters.targetOf(uri);
            HttpAuth credentials = callAuth;
            RequestBody requestBody = body;
            Map<String, String> requestHeaders = Map.copyOf(headers);
            return new CallSpec(method + " " + uri,
                    () -> RequestFactory.create(method, uri, credentials, requestHeaders, requestBody), timeout, policy,
                    idempotent, requestBody == null || requestBody.repeatable(), limiters.target(key, targetLimit),
                    rateLimitWait);
        }

        /** Sends with retries; hands a successful answer to {@code handler}; closes it when {@code close}. */
        private <T> T exchange(ResponseHandler<T> handler, boolean close) {
            return exchanges.call(spec(), control, handler, close);
        }

        private <T> CompletableFuture<T> exchangeAsync(ResponseHandler<T> handler) {
            return exchanges.callAsync(spec(), control, handler);
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
        private HttpAuth auth = HttpAuth.NONE;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private int maxConnections = 20;
        private String userAgent = "dtf-http/1";
        private ObjectMapper mapper = DtfJson.mapper();
        private final Map<String, RateLimit> targetLimits = new LinkedHashMap<>();
        private RateLimit defaultLimit;
        private Duration maxRateLimitWait = Duration.ofSeconds(60);
        private ProxySettings proxy;
        private SSLContext tls;
        private HttpTime time;

        private Builder(URI base) {
            this.base = BaseUrl.of(base);
        }

        /**
         * The bearer token; {@code ${env:NAME}} is resolved from the environment. Blank means none.
         * It is registered with {@link Secrets} so that it never shows in a message.
         */
        public Builder token(String value) {
            String resolved = Secrets.resolve(value, System::getenv);
            this.auth = resolved == null || resolved.isBlank() ? HttpAuth.NONE : HttpAuth.bearer(resolved);
            return this;
        }

        /** The bearer token from an environment variable, when it is set. */
        public Builder tokenFromEnvironment(String variable) {
            return token(System.getenv(variable));
        }

        /** The credentials of every call (unless a call gives its own). */
        public Builder auth(HttpAuth credentials) {
            this.auth = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * The base URL's path is a secret, as in Slack's, Teams' and Discord's incoming-webhook URLs: it is
         * registered with {@link Secrets}, so that messages show the host only.
         */
        public Builder secretPath() {
            Secrets.register(base.uri().getRawPath());
            return this;
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

        /**
         * The vendor's stated limit for every target (each host, each key calls name) that has none of its
         * own; default: none, only what answers say is obeyed.
         */
        public Builder rateLimit(RateLimit limit) {
            this.defaultLimit = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /** The stated limit of one target: a host ({@code api.github.com}) or a key calls name. */
        public Builder rateLimit(String target, RateLimit limit) {
            targetLimits.put(Objects.requireNonNull(target, "target").toLowerCase(Locale.ROOT),
                    Objects.requireNonNull(limit, "limit"));
            return this;
        }

        /**
         * How long in all a call may wait for its target's rate limit before it fails with a
         * {@link RateLimitExceededException} (default 60 s; a call can set its own). Waits longer than this
         * are not started at all.
         */
        public Builder maxRateLimitWait(Duration value) {
            this.maxRateLimitWait = notNegative(value, "maxRateLimitWait");
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

        /** Every request through this forward proxy (HTTP CONNECT for https). */
        public Builder proxy(String host, int port) {
            this.proxy = new ProxySettings(host, port, null, null);
            return this;
        }

        /**
         * Every request through this forward proxy, answering its {@code 407} with these credentials
         * ({@code ${env:NAME}} resolved; the password registered with {@link Secrets}).
         */
        public Builder proxy(String host, int port, String user, String password) {
            String pw = Secrets.register(Secrets.resolve(password, System::getenv));
            this.proxy = new ProxySettings(host, port, Secrets.resolve(Objects.requireNonNull(user, "user"),
                    System::getenv), pw);
            return this;
        }

        /**
         * Every request through the forward proxy of a URL as {@code HTTPS_PROXY} gives it
         * ({@code http://user:password@proxy.example:3128}; user and password percent-decoded, the
         * password registered with {@link Secrets}).
         *
         * @throws IllegalArgumentException when it is not an http URL with a host and a port
         */
        public Builder proxy(URI url) {
            if (url == null || !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null || url.getPort() < 0) {
                throw new IllegalArgumentException("not a proxy URL (http://[user:password@]host:port): "
                        + Secrets.redact(String.valueOf(url)));
            }
            String userInfo = url.getUserInfo();
            if (userInfo == null) {
                return proxy(url.getHost(), url.getPort());
            }
            int colon = userInfo.indexOf(':');
            return proxy(url.getHost(), url.getPort(), colon < 0 ? userInfo : userInfo.substring(0, colon),
                    colon < 0 ? "" : userInfo.substring(colon + 1));
        }

        /**
         * Trust the certificates in this file instead of the JDK's: PEM ({@code BEGIN CERTIFICATE}) or
         * PKCS#12 without a password.
         *
         * @throws IllegalArgumentException when it cannot be read or holds no certificate
         */
        public Builder trustStore(Path file) {
            return trustStore(file, null);
        }

        /** Trust the certificates of this PKCS#12 store (or PEM file) instead of the JDK's. */
        public Builder trustStore(Path file, String password) {
            String pw = Secrets.resolve(password, System::getenv);
            this.tls = TrustStores.trusting(Objects.requireNonNull(file, "file"), pw == null ? null : pw.toCharArray());
            return this;
        }

        /** Another time than the system's, with waits that the caller controls (tests). */
        public Builder time(HttpTime value) {
            this.time = Objects.requireNonNull(value, "time");
            return this;
        }

        public Builder userAgent(String value) {
            this.userAgent = Objects.requireNonNull(value, "userAgent");
            return this;
        }

        /** Another mapper than {@link DtfJson#mapper()} (for vendors' JSON: {@link DtfJson#create()}, say). */
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

    private static Duration notNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
        return d;
    }
}
