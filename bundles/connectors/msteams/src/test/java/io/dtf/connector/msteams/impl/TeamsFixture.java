package io.dtf.connector.msteams.impl;

import io.dtf.http.testing.ManualHttpTime;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** What the Teams tests share: a connector of a configuration, and a Workflows webhook's path and query. */
final class TeamsFixture {
    static final String SIGNATURE = "Xq3vR9sTt0kLmN8pWz2yB7cD5eF1gH4jK6lM0nP2qR4";
    /** The shape of a Workflows URL: the signature in sig= is its only credential. */
    static final String WEBHOOK_PATH = "/workflows/0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e/triggers/manual/paths/invoke"
            + "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + SIGNATURE;

    private TeamsFixture() {
    }

    /** A connector of this configuration (keys as in the .cfg file; the rest their defaults), on manual time. */
    static TeamsConnector connector(ManualHttpTime time, Map<String, Object> settings) {
        TeamsConnector connector = new TeamsConnector();
        connector.activate(config(settings), Map.of("service.pid", "io.dtf.connector.msteams~team"), time);
        return connector;
    }

    static TeamsConfig config(Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>();
        settings.forEach((key, value) -> values.put(key.equals(".webhookUrl") ? "_webhookUrl" : key, value));
        return (TeamsConfig) Proxy.newProxyInstance(TeamsConfig.class.getClassLoader(), new Class<?>[] {TeamsConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    static ManualHttpTime time() {
        return new ManualHttpTime(Instant.parse("2026-12-07T10:00:00Z"));
    }
}
