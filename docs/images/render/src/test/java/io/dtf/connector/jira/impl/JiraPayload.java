package io.dtf.connector.jira.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dtf.api.connector.ExternalSystemResult;
import io.dtf.api.plugin.DtfEvent;
import io.dtf.api.plugin.EventData;
import io.dtf.api.store.TaskStore;
import io.dtf.api.task.RunReport;
import io.dtf.api.task.StoredTestCase;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The body the Jira connector posts to Cloud's {@code POST /rest/api/3/issue} for a failed test of a finished run,
 * with the parameters its {@code RUN_COMPLETED} hook gives {@code report_failure}, as a WireMock Jira receives it.
 */
public final class JiraPayload {
    private JiraPayload() {
    }

    public static String of(TaskStore store, StoredTestCase test, DtfEvent completed) {
        WireMockServer jira = new WireMockServer(wireMockConfig().dynamicPort());
        jira.start();
        JiraConnector connector = new JiraConnector(store);
        try {
            jira.stubFor(any(anyUrl()).atPriority(10).willReturn(json(200, "{}")));
            jira.stubFor(post(urlPathEqualTo("/rest/api/3/search/jql"))
                    .willReturn(json(200, "{\"issues\":[],\"isLast\":true}")));
            jira.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(json(201,
                    "{\"id\":\"10042\",\"key\":\"API-42\",\"self\":\"" + jira.baseUrl() + "/rest/api/3/issue/10042\"}")));
            connector.activate(config(Map.of("baseUrl", jira.baseUrl(), "deployment", "cloud",
                    "email", "qa-bot@example.com", "_apiToken", "example-api-token", "projectKey", "API")),
                    Map.of("service.pid", "io.dtf.connector.jira~api"));
            RunReport report = completed.get(EventData.REPORT);
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("testId", test.test().value());
            parameters.put("className", test.result().className());
            parameters.put("name", test.result().name());
            parameters.put("runId", completed.run().value());
            parameters.put("runLink", report.link().toString());
            parameters.put("eventId", completed.id() + "/" + test.test().value());
            parameters.put("message", test.result().message());
            if (test.result().details() != null) {
                parameters.put("stackTrace", test.result().details());
            }
            ExternalSystemResult result = connector.executeOperation(JiraConnector.REPORT_FAILURE, parameters)
                    .orTimeout(30, TimeUnit.SECONDS).join();
            if (!result.success()) {
                throw new IllegalStateException("report_failure: " + result.describe());
            }
            List<LoggedRequest> created = jira.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")));
            return created.get(0).getBodyAsString();
        } finally {
            connector.deactivate();
            jira.stop();
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The configuration as Declarative Services makes it from etc/io.dtf.connector.jira-api.cfg. */
    private static JiraConfig config(Map<String, Object> settings) {
        return (JiraConfig) Proxy.newProxyInstance(JiraConfig.class.getClassLoader(), new Class<?>[] {JiraConfig.class},
                (proxy, method, args) -> settings.getOrDefault(method.getName(), method.getDefaultValue()));
    }
}
