package io.dtf.connector.jira.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.store.TaskStore;
import io.dtf.http.testing.ManualHttpTime;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What the Jira tests share: a connector on a WireMock server's URL, configured as a .cfg file would, and answers. */
final class JiraFixture {
    static final String EMAIL = "qa-bot@example.com";
    static final String API_TOKEN = "ATATT3xFfGF0-example-token";
    /** Basic base64("qa-bot@example.com:ATATT3xFfGF0-example-token"), as Atlassian's "Basic auth for REST APIs" says. */
    static final String BASIC = "Basic cWEtYm90QGV4YW1wbGUuY29tOkFUQVRUM3hGZkdGMC1leGFtcGxlLXRva2Vu";
    static final String PAT = "NjE2NDk3NzA1NDk3Ok3example+personal/access/token";
    static final String TEST_ID = "9c1e04b2a1f3d5e7c9b0";
    /** "dtf-test-" and the first 12 hex digits of the SHA-256 of {@link #TEST_ID}. */
    static final String LABEL = "dtf-test-0850738376c7";
    static final String OPEN_ISSUE_JQL = "project = \"SHOP\" AND labels = \"" + LABEL
            + "\" AND statusCategory != Done ORDER BY created ASC";

    private JiraFixture() {
    }

    /** A Cloud connector with e-mail and API token on this site. */
    static JiraConnector cloud(ManualHttpTime time, String site, Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of("baseUrl", site, "deployment", "cloud", "email", EMAIL,
                ".apiToken", API_TOKEN, "projectKey", "SHOP"));
        settings.putAll(more);
        return connector(time, settings);
    }

    /** A Data Center connector with a personal access token on this site. */
    static JiraConnector dataCenter(ManualHttpTime time, String site) {
        return connector(time, Map.of("baseUrl", site, "deployment", "datacenter", ".token", PAT, "projectKey", "SHOP"));
    }

    /** A connector for its operations: no store, as the tests of operations deliver no events. */
    static JiraConnector connector(ManualHttpTime time, Map<String, Object> settings) {
        return connector(null, time, settings);
    }

    /** A connector that reports the finished runs of this store. */
    static JiraConnector connector(TaskStore store, ManualHttpTime time, Map<String, Object> settings) {
        JiraConnector connector = new JiraConnector(store);
        connector.activate(config(settings), Map.of("service.pid", "io.dtf.connector.jira~main"), time);
        return connector;
    }

    /** The configuration as Declarative Services makes it from etc/io.dtf.connector.jira-<name>.cfg. */
    static JiraConfig config(Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>();
        settings.forEach((key, value) -> values.put(key.startsWith(".") ? "_" + key.substring(1) : key, value));
        return (JiraConfig) Proxy.newProxyInstance(JiraConfig.class.getClassLoader(), new Class<?>[] {JiraConfig.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    static ManualHttpTime time() {
        return new ManualHttpTime(Instant.parse("2026-12-07T10:00:00Z"));
    }

    static ExternalSystemResult done(CompletableFuture<ExternalSystemResult> call) {
        return call.orTimeout(20, TimeUnit.SECONDS).join();
    }

    static ExternalSystemResult ok(CompletableFuture<ExternalSystemResult> call) {
        ExternalSystemResult result = done(call);
        assertEquals(ExternalSystemResult.Status.OK, result.status(), result.describe());
        return result;
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
