package io.dtf.rest.impl;

import io.dtf.rest.impl.auth.Authenticator;
import io.dtf.rest.impl.auth.TokenFile;
import io.dtf.rest.impl.config.RestConfig;
import io.dtf.rest.impl.config.TestConfig;
import io.dtf.rest.impl.events.EventHub;
import io.dtf.rest.impl.http.Limits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The REST servlet on a real Jetty 9.4 (the one pax-web 8 runs), mapped as the whiteboard maps it,
 * against a {@link FakeCoordinator}, with one token per role.
 */
final class TestServer implements AutoCloseable {
    static final String ADMIN = "admin-token-0123456789";
    static final String SUBMITTER = "submitter-token-0123456789";
    static final String VIEWER = "viewer-token-0123456789";
    static final String WORKER = "worker-token-0123456789";

    final FakeCoordinator coordinator = new FakeCoordinator();
    final EventHub events = new EventHub();
    final RestApi api;
    final Server server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final URI base;

    TestServer(Path logRoot, Map<String, Object> config) throws Exception {
        RestConfig settings = TestConfig.of(config);
        Authenticator authenticator = new Authenticator(new TokenFile(logRoot.resolve("tokens.properties")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        authenticator.activate(TestConfig.of(Map.of("_tokens", new String[] {
            "admin:" + ADMIN + ", submitter:" + SUBMITTER, "viewer:" + VIEWER, "worker:" + WORKER})));
        events.start(settings.maxEventClients(), settings.eventBufferSize(), 200);
        coordinator.logRoot = logRoot;
        api = new RestApi(() -> coordinator, () -> coordinator, authenticator, () -> events, () -> coordinator,
                Limits.of(settings));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(new RestServlet(api));
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/api/*");
        context.addServlet(holder, "/health");
        context.addServlet(holder, "/ready");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return client.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder builder = request(path, token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String token, String json) throws Exception {
        return post(path, token, "application/json", json);
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        server.stop();
        api.close();
        events.stop();
    }
}
