package io.dtf.connector.slack.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.http.testing.ManualHttpTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What the Slack tests share: a connector on a server's URL, Slack's answers, and the requests the server got. */
final class SlackFixture {
    static final String TOKEN = "slack-bot-token-of-the-contract-tests";
    static final String WEBHOOK_PATH = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackFixture() {
    }

    /** A connector of this configuration (keys as in the .cfg file; the rest their defaults), on manual time. */
    static SlackConnector connector(ManualHttpTime time, Map<String, Object> settings) {
        return connector(time, settings, null);
    }

    /** A connector as above that keeps its threads in this data area (as its bundle's), or nowhere given {@code null}. */
    static SlackConnector connector(ManualHttpTime time, Map<String, Object> settings, Path data) {
        SlackConnector connector = new SlackConnector();
        connector.activate(config(settings), Map.of("service.pid", SlackConnector.PID + "~team"), time,
                data == null ? null : data.resolve(SlackConnector.threadFileName("team")));
        return connector;
    }

    /** A bot-token connector on the server's Web API, posting to channel #qa. */
    static SlackConnector bot(ManualHttpTime time, WireMockExtension slack) {
        return connector(time, Map.of("apiUrl", slack.baseUrl() + "/api", ".botToken", TOKEN, "channel", "#qa"));
    }

    /** The configuration as Declarative Services makes it from etc/io.dtf.connector.slack-<name>.cfg. */
    static SlackConfig config(Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>();
        settings.forEach((key, value) -> values.put(key.startsWith(".") ? "_" + key.substring(1) : key, value));
        return (SlackConfig) Proxy.newProxyInstance(SlackConfig.class.getClassLoader(), new Class<?>[] {SlackConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    static ManualHttpTime time() {
        return new ManualHttpTime(Instant.parse("2026-12-07T10:00:00Z"));
    }

    /** Slack's answer to a Web API method: HTTP 200 with this JSON. */
    static ResponseDefinitionBuilder answer(String json) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(json);
    }

    /** chat.postMessage's success answer, as its reference shows it. */
    static ResponseDefinitionBuilder posted(String channelId, String ts) {
        return answer("{\"ok\":true,\"channel\":\"" + channelId + "\",\"ts\":\"" + ts + "\",\"message\":{\"type\":\"message\","
                + "\"subtype\":\"bot_message\",\"text\":\"x\",\"ts\":\"" + ts + "\",\"bot_id\":\"B123ABC456\"}}");
    }

    static void stubMethod(WireMockExtension slack, String method, ResponseDefinitionBuilder answer) {
        slack.stubFor(post(urlPathEqualTo("/api/" + method)).willReturn(answer));
    }

    /** The JSON bodies the server got at this path, in order. */
    static List<JsonNode> bodies(WireMockExtension slack, String path) {
        List<JsonNode> bodies = new ArrayList<>();
        slack.findAll(postRequestedFor(urlPathEqualTo(path))).forEach(request -> {
            try {
                bodies.add(JSON.readTree(request.getBodyAsString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return bodies;
    }

    static ExternalSystemResult result(CompletableFuture<ExternalSystemResult> call) {
        return call.orTimeout(20, TimeUnit.SECONDS).join();
    }
}
